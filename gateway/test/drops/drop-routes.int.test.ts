import { NativeConnection, Worker } from '@temporalio/worker';
import { dropKeys, inventoryKeys } from '@livedrop/common';
import { dropStatusQuery, workflowIds, workflowsPath } from '@livedrop/workflows';
import { createDropActivities } from '@livedrop/workers';
import { hashSeed } from '../../src/drops/drop-seed';
import { startGateway, type GatewayHarness } from '../support/gateway-harness';
import { testLogger, uniqueSuffix } from '../../../test/support/test-env';

jest.setTimeout(60_000);

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('drop routes (real gateway, MariaDB, Redis, Temporal)', () => {
  let h: GatewayHarness;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let creator: { id: number; token: string };
  let otherCreator: { id: number; token: string };
  let ops: { id: number; token: string };
  let shopper: { id: number; token: string };
  let productId: number;
  const dropIds: number[] = [];
  const taskQueue = `test-drop-routes-${uniqueSuffix()}`;

  const user = async (role: 'creator' | 'ops' | 'shopper') => {
    const { user: u, token } = await h.createUser(role);
    return { id: u.id, token };
  };
  const insertProduct = async (creatorId: number, deleted = false) => {
    const [id] = await h.knex('products').insert({
      creator_id: creatorId, title: 'Jacket', description: 'limited', price_minor: 9_900, currency: 'EUR', media_urls: '[]',
      deleted_at: deleted ? new Date() : null,
    });
    return Number(id);
  };
  const dropBody = (overrides: Record<string, unknown> = {}) => ({
    productId, startsAt: inMs(3_600_000), endsAt: inMs(7_200_000), totalStock: 50, perUserLimit: 2, admissionRatePerS: 20, ...overrides,
  });
  const schedule = async (overrides: Record<string, unknown> = {}, token = creator.token) => {
    const res = await h.request.post('/v1/drops').set(h.auth(token)).send(dropBody(overrides));
    if (res.status === 201) dropIds.push(res.body.id);
    return res;
  };
  const rescheduleUpdates = async (dropId: number) => {
    const history = await h.temporal.workflow.getHandle(workflowIds.dropLifecycle(dropId)).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
  };
  const statusOf = async (dropId: number) => (await h.knex('drops').where({ id: dropId }).first('status')).status as string;

  beforeAll(async () => {
    h = await startGateway({ config: { TEMPORAL_TASK_QUEUE: taskQueue } });
    nativeConnection = await NativeConnection.connect({ address: h.config.TEMPORAL_ADDRESS });
    worker = await Worker.create({
      connection: nativeConnection, namespace: h.config.TEMPORAL_NAMESPACE, taskQueue, workflowsPath,
      activities: createDropActivities({ knex: h.knex, redis: h.redis, logger: testLogger() }),
    });
    running = worker.run();
    [creator, otherCreator, ops, shopper] = await Promise.all([user('creator'), user('creator'), user('ops'), user('shopper')]);
    productId = await insertProduct(creator.id);
  }, 120_000);

  afterAll(async () => {
    // Cancel what is still scheduled so no workflow outlives the test (its worker is gone).
    for (const id of dropIds) {
      await h.temporal.workflow.getHandle(workflowIds.dropLifecycle(id)).terminate('test finished').catch(() => undefined);
      const k = { ...dropKeys(id), ...inventoryKeys(id) };
      await h.redis.del([k.stock, k.inventoryMeta, k.reservations]);
    }
    worker?.shutdown();
    await running;
    await nativeConnection?.close();
    await h?.close();
  });

  it('schedules a drop: 201 with defaults, the seed hash but not the seed, a drop.scheduled event and a running workflow', async () => {
    const res = await schedule();
    expect(res.status).toBe(201);
    const drop = res.body;
    expect(drop).toMatchObject({
      productId, creatorId: creator.id, status: 'scheduled', totalStock: 50, perUserLimit: 2, admissionRatePerS: 20,
      checkoutWindowS: 120, seed: null, version: 1, workflowId: `drop-${drop.id}`,
    });
    expect(Date.parse(drop.startsAt) - Date.parse(drop.prequeueOpensAt)).toBe(15 * 60_000);
    expect(drop.seedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(res.body)).not.toContain((await h.knex('drop_seed_secrets').where({ drop_id: drop.id }).first()).seed);
    expect((await h.knex('drops').where({ id: drop.id }).first()).seed).toBeNull();
    expect(await h.knex('outbox_events').where({ aggregate_type: 'drop', aggregate_id: String(drop.id), type: 'drop.scheduled' })).toHaveLength(1);
    expect(await h.temporal.workflow.getHandle(drop.workflowId).query(dropStatusQuery)).toBe('scheduled');

    const read = await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(creator.token));
    expect(read.status).toBe(200);
    expect(read.body.seed).toBeNull();
  });

  it('refuses the wrong role, someone else\'s product, unknown or deleted products and bad times, changing nothing', async () => {
    const before = await h.knex('drops').where({ creator_id: creator.id }).count({ n: '*' }).first();
    const cases: [Promise<{ status: number; body: { error: { code: string } } }>, number, string][] = [
      [schedule({}, shopper.token), 403, 'wrong_role'],
      [schedule({}, ops.token), 403, 'wrong_role'],
      [schedule({}, otherCreator.token), 403, 'not_product_owner'],
      [schedule({ productId: 2_000_000_000 }), 404, 'product_not_found'],
      [schedule({ productId: await insertProduct(creator.id, true) }), 404, 'product_not_found'],
      [schedule({ endsAt: inMs(1_800_000) }), 400, 'invalid_schedule'],
      [schedule({ startsAt: inMs(-60_000) }), 400, 'invalid_schedule'],
      [schedule({ prequeueOpensAt: inMs(3_700_000) }), 400, 'invalid_schedule'],
      [schedule({ totalStock: 0 }), 400, 'validation_failed'],
      [schedule({ checkoutWindowS: 10 }), 400, 'validation_failed'],
      [schedule({ startsAt: 'soon' }), 400, 'validation_failed'],
      [schedule({ endsAt: '2040-01-01T00:00:00Z' }), 400, 'invalid_schedule'], // past the TIMESTAMP range (was 500)
      [schedule({ prequeueOpensAt: '1960-01-01T00:00:00Z' }), 400, 'invalid_schedule'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    }
    const noAuth = await h.request.post('/v1/drops').send(dropBody());
    expect(noAuth.status).toBe(401);
    const after = await h.knex('drops').where({ creator_id: creator.id }).count({ n: '*' }).first();
    expect(after).toEqual(before);
  });

  it('lets only the owner edit, with optimistic concurrency, and reschedules the workflow', async () => {
    const drop = (await schedule()).body;
    const newStart = inMs(5_400_000);
    const newEnd = inMs(9_000_000);

    const other = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(otherCreator.token)).send({ version: 1, totalStock: 5 });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_drop_owner');
    expect((await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(ops.token)).send({ version: 1, totalStock: 5 })).status).toBe(403);
    expect((await h.request.patch('/v1/drops/2000000000').set(h.auth(creator.token)).send({ version: 1, totalStock: 5 })).status).toBe(404);

    const edited = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(creator.token))
      .send({ version: 1, startsAt: newStart, endsAt: newEnd, totalStock: 40 });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, totalStock: 40, startsAt: new Date(newStart).toISOString(), status: 'scheduled' });
    expect(Date.parse(edited.body.startsAt) - Date.parse(edited.body.prequeueOpensAt)).toBe(15 * 60_000);

    const stale = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(creator.token)).send({ version: 1, totalStock: 30 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');

    const bad = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(creator.token)).send({ version: 2, endsAt: inMs(60_000) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_schedule');

    // Times the TIMESTAMP columns cannot hold: a clear 400 before the workflow is touched (was 500 after it was rescheduled).
    const updatesBefore = await rescheduleUpdates(drop.id);
    for (const body of [{ version: 2, endsAt: '2040-01-01T00:00:00Z' }, { version: 2, prequeueOpensAt: '1960-01-01T00:00:00Z' }]) {
      const res = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(creator.token)).send(body);
      expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 400, code: 'invalid_schedule' });
    }
    expect(await rescheduleUpdates(drop.id)).toBe(updatesBefore);

    const row = await h.knex('drops').where({ id: drop.id }).first();
    expect(row.total_stock).toBe(40);
    expect(row.version).toBe(2);
    expect(await h.knex('outbox_events').where({ aggregate_id: String(drop.id), type: 'drop.updated' })).toHaveLength(1);
  });

  it('runs a drop live: the seed is revealed and verifiable, edits are refused, and the owner can end it early', async () => {
    const drop = (await schedule({ startsAt: inMs(1500), endsAt: inMs(60_000), totalStock: 12 })).body;
    const hashBefore = drop.seedHash;

    const live = await eventually(async () => {
      const res = await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(creator.token));
      return res.body.status === 'live' ? res.body : undefined;
    });
    expect(live.seedHash).toBe(hashBefore);
    expect(live.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSeed(live.seed)).toBe(hashBefore);
    expect(await h.redis.get(inventoryKeys(drop.id).stock)).toBe('12'); // inventory was built before the start

    const edit = await h.request.patch(`/v1/drops/${drop.id}`).set(h.auth(creator.token)).send({ version: live.version, totalStock: 5 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('drop_not_editable');

    expect((await h.request.post(`/v1/drops/${drop.id}/end`).set(h.auth(otherCreator.token)).send({})).status).toBe(403);
    const end = await h.request.post(`/v1/drops/${drop.id}/end`).set(h.auth(creator.token)).send({ reason: 'all good' });
    expect(end.status).toBe(202);
    await eventually(async () => ((await statusOf(drop.id)) === 'ended' ? true : undefined));

    const cancelEnded = await h.request.post(`/v1/drops/${drop.id}/cancel`).set(h.auth(creator.token)).send({});
    expect(cancelEnded.status).toBe(409);
    expect(cancelEnded.body.error.code).toBe('drop_not_cancellable');
  });

  it('lets ops read and cancel any drop; ending a scheduled drop is a 409; shoppers and other creators are refused', async () => {
    const drop = (await schedule()).body;
    expect((await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(ops.token))).status).toBe(200);
    expect((await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(otherCreator.token))).body.error.code).toBe('not_drop_owner');
    expect((await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(shopper.token))).body.error.code).toBe('wrong_role');
    expect((await h.request.get('/v1/drops/2000000000').set(h.auth(ops.token))).status).toBe(404);
    expect((await h.request.get('/v1/drops/abc').set(h.auth(ops.token))).status).toBe(400);

    const end = await h.request.post(`/v1/drops/${drop.id}/end`).set(h.auth(creator.token)).send({});
    expect(end.status).toBe(409);
    expect(end.body.error.code).toBe('drop_not_live');
    expect((await h.request.post(`/v1/drops/${drop.id}/cancel`).set(h.auth(shopper.token)).send({})).status).toBe(403);
    expect((await h.request.post(`/v1/drops/${drop.id}/cancel`).set(h.auth(otherCreator.token)).send({})).status).toBe(403);

    const cancel = await h.request.post(`/v1/drops/${drop.id}/cancel`).set(h.auth(ops.token)).send({ reason: 'policy' });
    expect(cancel.status).toBe(202);
    await eventually(async () => ((await statusOf(drop.id)) === 'cancelled' ? true : undefined));
    const after = await h.request.get(`/v1/drops/${drop.id}`).set(h.auth(creator.token));
    expect(after.body).toMatchObject({ status: 'cancelled', seed: null });
  });
});
