import { Client, Connection } from '@temporalio/client';
import { dropKeys } from '@livedrop/common';
import { ORDER_IDS_SEARCH_ATTRIBUTE } from '@livedrop/workflows';
import { createInventory } from '../../src/inventory';
import { eventually } from '../drops/drop-fixtures';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertShoppers, startOrderWorker } from './order-fixtures';
import { acceptOrder, runBatch } from './batch-fixtures';

jest.setTimeout(60_000);

describe('group-commit order saga (orderBatchWorkflow)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let connection: Connection;
  let client: Client;
  const dropIds: number[] = [];
  const taskQueue = `test-order-batch-${uniqueSuffix()}`;
  const hangingOrders = new Set<string>();
  let worker: Awaited<ReturnType<typeof startOrderWorker>>;

  beforeAll(async () => {
    services = await connectTestServices();
    connection = await Connection.connect({ address: services.config.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: services.config.TEMPORAL_NAMESPACE });
    // A charge of a listed order never answers: only its own deadline ends it.
    worker = await startOrderWorker({
      knex: services.knex, redis: services.redis, logger: services.logger,
      address: services.config.TEMPORAL_ADDRESS, namespace: services.config.TEMPORAL_NAMESPACE,
    }, taskQueue, {}, (provider) => ({
      ...provider,
      charge: async (request, options) => {
        if (!hangingOrders.has(request.orderId)) return provider.charge(request, options);
        return new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    }));
  });

  afterAll(async () => {
    await worker?.stop();
    await deleteDropKeys(services.redis, dropIds);
    await connection?.close();
    await services?.close();
  });

  it('a batch in which one charge declines and one times out: the others confirm, those two compensate', async () => {
    const { dropId, priceMinor } = await insertLiveDrop(services.knex, services.redis, { stock: 5 });
    dropIds.push(dropId);
    const users = await insertShoppers(services.knex, 4);
    const [okA, okB] = await Promise.all(users.slice(0, 2).map((userId) => acceptOrder(services.knex, services.redis, { userId, dropId, amountMinor: priceMinor })));
    // The sandbox declines amounts ending in 0002.
    const declined = await acceptOrder(services.knex, services.redis, { userId: users[2]!, dropId, amountMinor: 10_002 });
    const timedOut = await acceptOrder(services.knex, services.redis, { userId: users[3]!, dropId, amountMinor: priceMinor, paymentTimeoutMs: 800 });
    hangingOrders.add(timedOut.orderId);
    // Accepted a minute ago: its confirm latency (what the admission controller reads) counts from then.
    okA!.acceptedAtMs = Date.now() - 60_000;
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 1, reserved: 4 });

    const { workflowId, result } = await runBatch(client, taskQueue, dropId, [okA!, okB!, declined, timedOut]);

    expect(result.orders).toEqual({
      [okA!.orderId]: { status: 'confirmed' },
      [okB!.orderId]: { status: 'confirmed' },
      [declined.orderId]: { status: 'declined', reason: 'payment_declined' },
      [timedOut.orderId]: { status: 'expired', reason: 'payment_timeout' },
    });
    const rows = await services.knex('orders').whereIn('id', Object.keys(result.orders)).select('id', 'status', 'saga_id');
    expect(Object.fromEntries(rows.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [okA!.orderId]: 'confirmed', [okB!.orderId]: 'confirmed', [declined.orderId]: 'declined', [timedOut.orderId]: 'expired',
    });
    expect(rows.every((r: { saga_id: string }) => r.saga_id === workflowId)).toBe(true);
    // One charge per sold order, each under its own key; nothing kept for the two that did not sell.
    const charges = await services.knex('payments').whereIn('order_id', Object.keys(result.orders)).select('order_id', 'status', 'refunded_at');
    expect(charges.filter((c: { status: string; refunded_at: Date | null }) => c.status === 'succeeded' && !c.refunded_at).map((c: { order_id: string }) => c.order_id).sort())
      .toEqual([okA!.orderId, okB!.orderId].sort());
    // Their units are back on sale; the sales are in MySQL and Redis.
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 3, sold: 2, reserved: 0 });
    expect(await services.knex('drops').where({ id: dropId }).first('sold_units')).toEqual({ sold_units: 2 });
    const reservations = await createInventory(services.redis).reservations(dropId);
    expect(Object.fromEntries(reservations.map((r) => [r.orderId, r.state]))).toEqual({
      [okA!.orderId]: 'CONFIRMED', [okB!.orderId]: 'CONFIRMED', [declined.orderId]: 'RELEASED', [timedOut.orderId]: 'RELEASED',
    });

    const latencies = (await services.redis.lRange(dropKeys(dropId).ordersLatency, 0, -1)).map(Number);
    expect(latencies).toHaveLength(2);
    expect(Math.max(...latencies)).toBeGreaterThanOrEqual(60_000);

    // The saga is found from any of its order ids (Temporal visibility catches up asynchronously).
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `${ORDER_IDS_SEARCH_ATTRIBUTE} = '${timedOut.orderId}'` })) ids.push(wf.workflowId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([workflowId]);
  });

  it('an order another saga already claimed is left to it: one charge, one sale', async () => {
    const { dropId, priceMinor } = await insertLiveDrop(services.knex, services.redis, { stock: 3 });
    dropIds.push(dropId);
    const [userA, userB] = await insertShoppers(services.knex, 2);
    const shared = await acceptOrder(services.knex, services.redis, { userId: userA!, dropId, amountMinor: priceMinor });
    const other = await acceptOrder(services.knex, services.redis, { userId: userB!, dropId, amountMinor: priceMinor });
    // A sweep and the gateway both started a saga for `shared`: the first to claim it runs it.
    const first = await runBatch(client, taskQueue, dropId, [shared]);
    const second = await runBatch(client, taskQueue, dropId, [other, shared]);
    expect(first.result.orders).toEqual({ [shared.orderId]: { status: 'confirmed' } });
    expect(second.result.orders).toEqual({ [other.orderId]: { status: 'confirmed' } });
    const charges = await services.knex('payments').whereIn('order_id', [shared.orderId, other.orderId]).select('order_id', 'status', 'attempts');
    expect(charges.map((c: { status: string; attempts: number }) => `${c.status}:${c.attempts}`)).toEqual(['succeeded:1', 'succeeded:1']);
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 1, sold: 2, reserved: 0 });
  });

  it('MySQL short of units for the whole batch: each order is decided alone, the sold one stands, the others are refunded and released', async () => {
    const { dropId, priceMinor } = await insertLiveDrop(services.knex, services.redis, { stock: 3 });
    dropIds.push(dropId);
    const users = await insertShoppers(services.knex, 3);
    const batch = await Promise.all(users.map((userId) => acceptOrder(services.knex, services.redis, { userId, dropId, amountMinor: priceMinor })));
    // Redis believes 3 units are free; MySQL (the truth) has sold 2 of them elsewhere.
    await services.knex('drops').where({ id: dropId }).update({ sold_units: 2 });

    const { result } = await runBatch(client, taskQueue, dropId, batch);

    const statuses = Object.values(result.orders).map((o) => `${o.status}:${o.reason ?? ''}`).sort();
    expect(statuses).toEqual(['confirmed:', 'failed:oversell_refused', 'failed:oversell_refused']);
    expect(await services.knex('drops').where({ id: dropId }).first('sold_units')).toEqual({ sold_units: 3 });
    const kept = await services.knex('payments').whereIn('order_id', batch.map((o) => o.orderId)).where({ status: 'succeeded' }).whereNull('refunded_at').pluck('order_id');
    const sold = Object.entries(result.orders).filter(([, o]) => o.status === 'confirmed').map(([id]) => id);
    expect(kept).toEqual(sold);
    const reservations = await createInventory(services.redis).reservations(dropId);
    expect(reservations.filter((r) => r.state === 'RESERVED')).toEqual([]);
  });
});
