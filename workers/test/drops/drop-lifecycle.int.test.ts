import { Client, Connection, WorkflowIdReusePolicy, WorkflowUpdateFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  cancelDropSignal, dropSoldOutSignal, dropStatusQuery, dropStockReopenedSignal, endDropEarlySignal, rescheduleDropUpdate,
  workflowIds, workflowsPath, type DropLifecycleInput, type DropStatus,
} from '@livedrop/workflows';
import { createDropActivities } from '../../src/activities/drop-activities';
import { createInventory } from '../../src/inventory';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteInventoryKeys, dropEvents, eventually, insertCreatorWithProduct, insertDrop, type DropFixture } from './drop-fixtures';

jest.setTimeout(60_000);

const quiet = () => undefined;
const quietBundler = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, log: quiet };

describe('drop-lifecycle workflow (real Temporal, MariaDB, Redis)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let client: Client;
  let connection: Connection;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let workflowBundle: WorkflowBundle;
  let running: Promise<void>;
  let owner: { creatorId: number; productId: number };
  const taskQueue = `test-drop-lifecycle-${uniqueSuffix()}`;
  const dropIds: number[] = [];

  beforeAll(async () => {
    services = await connectTestServices();
    connection = await Connection.connect({ address: services.config.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: services.config.TEMPORAL_NAMESPACE });
    nativeConnection = await NativeConnection.connect({ address: services.config.TEMPORAL_ADDRESS });
    workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quietBundler });
    worker = await Worker.create({
      connection: nativeConnection,
      namespace: services.config.TEMPORAL_NAMESPACE,
      taskQueue,
      workflowBundle,
      activities: createDropActivities({ knex: services.knex, redis: services.redis, logger: services.logger }),
    });
    running = worker.run();
    owner = await insertCreatorWithProduct(services.knex);
  }, 120_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await connection?.close();
    await deleteInventoryKeys(services.redis, dropIds);
    await services.close();
  });

  async function scheduleDrop(opts: { startInMs: number; durationMs: number; totalStock?: number }): Promise<DropFixture> {
    const drop = await insertDrop(services.knex, owner, opts);
    dropIds.push(drop.dropId);
    const input: DropLifecycleInput = { dropId: drop.dropId, prequeueOpensAt: drop.prequeueOpensAt, startsAt: drop.startsAt, endsAt: drop.endsAt };
    await client.workflow.start('dropLifecycleWorkflow', {
      taskQueue, workflowId: workflowIds.dropLifecycle(drop.dropId), args: [input],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
    return drop;
  }
  const handle = (dropId: number) => client.workflow.getHandle(workflowIds.dropLifecycle(dropId));
  const dropRow = (dropId: number) => services.knex('drops').where({ id: dropId }).first();
  const mysqlStatusIs = (dropId: number, status: DropStatus) =>
    eventually(async () => ((await dropRow(dropId))?.status === status ? true : undefined));

  it('goes scheduled → live → ended on time, builds inventory from MySQL and reveals the seed at the start', async () => {
    const drop = await scheduleDrop({ startInMs: 1500, durationMs: 2000, totalStock: 10 });
    await services.knex('inventory_ledger').insert({ drop_id: drop.dropId, order_id: `fixture-${uniqueSuffix()}`, delta: -3, reason: 'sale' });
    expect((await dropRow(drop.dropId)).seed).toBeNull();

    expect(await handle(drop.dropId).result()).toBe('ended');

    const row = await dropRow(drop.dropId);
    expect(row.status).toBe('ended');
    expect(row.seed).toBe(drop.seed);
    expect(await dropEvents(services.knex, drop.dropId)).toEqual(['drop.live', 'drop.ended']);
    const live = await services.knex('outbox_events').where({ aggregate_id: String(drop.dropId), type: 'drop.live' }).first();
    const payload = typeof live.payload === 'string' ? JSON.parse(live.payload) : live.payload;
    expect(payload).toMatchObject({ dropId: drop.dropId, creatorId: owner.creatorId, seed: drop.seed, seedHash: drop.seedHash });
    expect(await createInventory(services.redis).snapshot(drop.dropId)).toEqual({ initialised: true, stock: 7, total: 10, sold: 3, reserved: 0 });
  });

  it('cancels a scheduled drop on the cancel signal, keeping the seed secret and the inventory untouched', async () => {
    const drop = await scheduleDrop({ startInMs: 60_000, durationMs: 60_000 });
    await handle(drop.dropId).signal(cancelDropSignal, { reason: 'supplier issue' });

    expect(await handle(drop.dropId).result()).toBe('cancelled');
    const row = await dropRow(drop.dropId);
    expect(row.status).toBe('cancelled');
    expect(row.seed).toBeNull();
    expect(await dropEvents(services.knex, drop.dropId)).toEqual(['drop.cancelled']);
    expect((await createInventory(services.redis).snapshot(drop.dropId)).initialised).toBe(false);
  });

  it('reschedules through the update: bad times are refused, new times wake the workflow', async () => {
    const drop = await scheduleDrop({ startInMs: 60_000, durationMs: 60_000 });
    const h = handle(drop.dropId);
    const now = Date.now();
    const bad = h.executeUpdate(rescheduleDropUpdate, {
      args: [{ prequeueOpensAt: new Date(now + 1000).toISOString(), startsAt: new Date(now + 5000).toISOString(), endsAt: new Date(now + 4000).toISOString() }],
    });
    await expect(bad).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const status = await h.executeUpdate(rescheduleDropUpdate, {
      args: [{ prequeueOpensAt: new Date(now + 1000).toISOString(), startsAt: new Date(now + 1500).toISOString(), endsAt: new Date(now + 2500).toISOString() }],
    });
    expect(status).toBe('scheduled');
    expect(await h.result()).toBe('ended'); // would have waited a minute with the old times
    expect(await dropEvents(services.knex, drop.dropId)).toEqual(['drop.live', 'drop.ended']);
  });

  it('follows sold-out and reopened signals, refuses a reschedule once live, and ends early on the signal', async () => {
    const drop = await scheduleDrop({ startInMs: 1000, durationMs: 60_000 });
    const h = handle(drop.dropId);
    await mysqlStatusIs(drop.dropId, 'live');
    await eventually(async () => ((await h.query(dropStatusQuery)) === 'live' ? true : undefined));

    const later = Date.now() + 120_000;
    await expect(h.executeUpdate(rescheduleDropUpdate, {
      args: [{ prequeueOpensAt: new Date(later).toISOString(), startsAt: new Date(later).toISOString(), endsAt: new Date(later + 1000).toISOString() }],
    })).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    await h.signal(dropSoldOutSignal);
    await mysqlStatusIs(drop.dropId, 'sold_out');
    expect(await h.query(dropStatusQuery)).toBe('sold_out');

    await h.signal(dropStockReopenedSignal);
    await mysqlStatusIs(drop.dropId, 'live');

    await h.signal(endDropEarlySignal, { reason: 'creator ended it' });
    expect(await h.result()).toBe('ended');
    expect(await dropEvents(services.knex, drop.dropId)).toEqual(['drop.live', 'drop.sold_out', 'drop.reopened', 'drop.ended']);

    // The recorded history replays against the current code: the workflow is deterministic.
    await Worker.runReplayHistory({ workflowBundle }, await h.fetchHistory(), h.workflowId);
  });

  it('transitionDrop is idempotent and never moves a drop that went elsewhere', async () => {
    const drop = await insertDrop(services.knex, owner, { startInMs: 60_000, durationMs: 60_000 });
    const activities = createDropActivities({ knex: services.knex, redis: services.redis, logger: services.logger });

    expect(await activities.transitionDrop(drop.dropId, 'scheduled', 'live')).toBe('live');
    expect(await activities.transitionDrop(drop.dropId, 'scheduled', 'live')).toBe('live'); // a retry
    expect(await activities.transitionDrop(drop.dropId, 'sold_out', 'ended')).toBe('live'); // stale "from": no change
    expect(await dropEvents(services.knex, drop.dropId)).toEqual(['drop.live']);
    const row = await dropRow(drop.dropId);
    expect(row).toMatchObject({ status: 'live', seed: drop.seed, version: 2 });
    expect(await activities.transitionDrop(drop.dropId, 'live', 'ended')).toBe('ended'); // leave no live drop behind

    await expect(activities.transitionDrop(2_000_000_000, 'scheduled', 'live')).rejects.toMatchObject({ type: 'DropNotFound', nonRetryable: true });
  });
});
