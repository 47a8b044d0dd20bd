import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { dropKeys, inventoryKeys } from '@livedrop/common';
import type { OrderResult } from '@livedrop/workflows';
import { createInventory } from '../../src/inventory';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import {
  deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers, mapLimited, startOrder, startOrderWorker,
} from './order-fixtures';

jest.setTimeout(120_000);

describe('order workflow (real Temporal, MariaDB, Redis)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let connection: Connection;
  let client: Client;
  let worker: Awaited<ReturnType<typeof startOrderWorker>> | undefined;
  const taskQueue = `test-orders-${uniqueSuffix()}`;
  const dropIds: number[] = [];

  const deps = () => ({
    knex: services.knex, redis: services.redis, logger: services.logger,
    address: services.config.TEMPORAL_ADDRESS, namespace: services.config.TEMPORAL_NAMESPACE,
  });
  const newDrop = async (opts: Parameters<typeof insertLiveDrop>[2]) => {
    const drop = await insertLiveDrop(services.knex, services.redis, opts);
    dropIds.push(drop.dropId);
    return drop;
  };
  const result = (workflowId: string) => client.workflow.getHandle(workflowId).result() as Promise<OrderResult>;
  const payments = (orderIds: string[]) => services.knex('payments').whereIn('order_id', orderIds).select('status', 'attempts');

  beforeAll(async () => {
    services = await connectTestServices();
    connection = await Connection.connect({ address: services.config.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: services.config.TEMPORAL_NAMESPACE });
    worker = await startOrderWorker(deps(), taskQueue);
  });

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await deleteDropKeys(services.redis, dropIds);
    await services.close();
  });

  it('2,000 concurrent buyers for 50 units: exactly 50 held, then 50 sold and 50 charged, the rest told sold_out', async () => {
    const { dropId, priceMinor } = await newDrop({ stock: 50 });
    const inventory = createInventory(services.redis);
    const shoppers = await insertShoppers(services.knex, 2000);
    const orders = await mapLimited(shoppers, 20, (userId) => insertOrder(services.knex, { userId, dropId, amountMinor: priceMinor }));
    // The race that could oversell: 2,000 reserve calls at the same moment on the real Redis.
    const raced = await Promise.allSettled(orders.map(({ input }) =>
      inventory.reserve(dropId, { ...input, expiresAtMs: Date.now() + 60_000 })));
    const held = orders.filter((_, i) => raced[i]!.status === 'fulfilled');
    expect(held).toHaveLength(50);
    expect(raced.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'sold_out')).toHaveLength(1950);
    expect(await inventory.snapshot(dropId)).toMatchObject({ stock: 0, reserved: 50 });

    // Their order workflows finish the purchase (a reserve retry finds the units already held); a sample of
    // the losers runs too and is told sold_out. The dev server on 2 cores is the limit, not the code.
    const losers = orders.filter((_, i) => raced[i]!.status === 'rejected').slice(0, 30);
    const run = [...held, ...losers];
    const outcomes = await mapLimited(run, 40, (o) => startOrder(client, taskQueue, o.workflowId, o.input));
    const results = await mapLimited(run, 40, (o) => result(o.workflowId));
    expect(outcomes.filter((o) => o.status === 'reserved')).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason === 'sold_out')).toHaveLength(30);
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(50);
    // Per-second confirmation counts: what the admission controller measures the pipeline's sustained rate by.
    const perSecond = Object.values(await services.redis.hGetAll(dropKeys(dropId).ordersConfirmed)).map(Number);
    expect(perSecond.reduce((a, b) => a + b, 0)).toBe(50);

    const charged = await payments(orders.map((o) => o.input.orderId));
    expect(charged).toHaveLength(50);
    expect(charged.every((p: { status: string; attempts: number }) => p.status === 'succeeded' && p.attempts === 1)).toBe(true);
    const ledger = await services.knex('inventory_ledger').where({ drop_id: dropId, reason: 'sale' }).sum({ d: 'delta' }).first();
    expect(Number(ledger?.d)).toBe(-50);
    expect(await services.knex('orders').where({ drop_id: dropId, status: 'confirmed' }).count({ n: '*' }).first()).toEqual({ n: 50 });
    expect(await inventory.snapshot(dropId)).toMatchObject({ stock: 0, sold: 50, total: 50, reserved: 0 });
    expect(await services.redis.get(`{drop:${dropId}}:orders:inflight`)).toBe('0');
    expect(await services.redis.lLen(`{drop:${dropId}}:orders:latency`)).toBe(50);
  });

  it('the same workflow id started concurrently is one order with one charge', async () => {
    const { dropId, priceMinor } = await newDrop({ stock: 5 });
    const [userId] = await insertShoppers(services.knex, 1);
    const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor });
    // A start that arrives after the order already finished is refused as a duplicate (REJECT_DUPLICATE): the
    // order endpoint then answers from the order's record. On a busy machine that can happen to the last starts.
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => startOrder(client, taskQueue, order.workflowId, order.input)
      .then((o) => `${o.orderId}:${o.status}`, (err: unknown) => {
        if (err instanceof WorkflowExecutionAlreadyStartedError) return 'finished before this start';
        throw err;
      })));
    expect(outcomes).toContain(`${order.input.orderId}:reserved`);
    expect(new Set(outcomes)).toEqual(new Set(outcomes.filter((o) => o === `${order.input.orderId}:reserved` || o === 'finished before this start')));
    expect((await result(order.workflowId)).status).toBe('confirmed');
    expect(await payments([order.input.orderId])).toEqual([{ status: 'succeeded', attempts: 1 }]);
    expect((await createInventory(services.redis).snapshot(dropId)).stock).toBe(4);
  });

  it('a declined payment returns the stock exactly once', async () => {
    const { dropId } = await newDrop({ stock: 3, priceMinor: 10_002 }); // a sandbox test-card amount: always declined
    const [userId] = await insertShoppers(services.knex, 1);
    const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: 10_002 });
    expect(await startOrder(client, taskQueue, order.workflowId, order.input)).toEqual({ orderId: order.input.orderId, status: 'reserved' });
    expect(await result(order.workflowId)).toEqual({ orderId: order.input.orderId, status: 'declined', reason: 'payment_declined' });

    const inventory = createInventory(services.redis);
    expect(await inventory.snapshot(dropId)).toMatchObject({ stock: 3, sold: 0, reserved: 0 });
    // A second release (a retry, reconciliation) gives nothing back twice.
    expect(await inventory.release(dropId, order.input.orderId, userId!)).toEqual({ released: false, stock: 3 });
    const row = await services.knex('orders').where({ id: order.input.orderId }).first();
    expect(row).toMatchObject({ status: 'declined', failure_reason: 'payment_declined' });
    expect(await payments([order.input.orderId])).toEqual([{ status: 'declined', attempts: 1 }]);
  });

  it('a payment timeout expires the order, returns the stock once and charges nothing', async () => {
    const slowQueue = `${taskQueue}-slow`;
    const slow = await startOrderWorker(deps(), slowQueue, { latencyMs: 5_000 });
    try {
      const { dropId, priceMinor } = await newDrop({ stock: 2 });
      const [userId] = await insertShoppers(services.knex, 1);
      const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor, paymentTimeoutMs: 600 });
      expect((await startOrder(client, slowQueue, order.workflowId, order.input)).status).toBe('reserved');
      expect(await result(order.workflowId)).toEqual({ orderId: order.input.orderId, status: 'expired', reason: 'payment_timeout' });
      expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 2, sold: 0, reserved: 0 });
      // Nothing charged: the order's charge key is voided, so an attempt still in flight could not land later.
      expect(await services.knex('payments').where({ order_id: order.input.orderId }).select('status', 'decline_code'))
        .toEqual([{ status: 'declined', decline_code: 'voided' }]);
      expect((await services.knex('orders').where({ id: order.input.orderId }).first()).status).toBe('expired');
    } finally {
      await slow.stop();
    }
  });

  it('a charge that lands but whose answer is lost past the payment deadline is sold, not expired with the money kept', async () => {
    const lostQueue = `${taskQueue}-lost-answer`;
    // The provider takes the money, then the answer never arrives (worker stalled, MySQL frozen) until the deadline.
    const lostAnswer = await startOrderWorker(deps(), lostQueue, {}, (provider) => ({
      ...provider,
      charge: async (request, options) => {
        await provider.charge(request);
        await new Promise((_resolve, reject) => options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
        throw new Error('unreachable');
      },
    }));
    try {
      const { dropId, priceMinor } = await newDrop({ stock: 2 });
      const [userId] = await insertShoppers(services.knex, 1);
      const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor, paymentTimeoutMs: 800 });
      expect((await startOrder(client, lostQueue, order.workflowId, order.input)).status).toBe('reserved');
      const done = await result(order.workflowId);
      const charges = await services.knex('payments').where({ order_id: order.input.orderId }).select('status', 'refunded_at');
      expect({ status: done.status, charges }).toEqual({ status: 'confirmed', charges: [{ status: 'succeeded', refunded_at: null }] });
      expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 1, sold: 1, reserved: 0 });
    } finally {
      await lostAnswer.stop();
    }
  });

  it('MySQL refuses a sale past the stock when Redis is stale (restored from an older snapshot): refused and refunded', async () => {
    const { dropId, priceMinor } = await newDrop({ stock: 1 });
    const [u1, u2] = await insertShoppers(services.knex, 2);
    const first = await insertOrder(services.knex, { userId: u1!, dropId, amountMinor: priceMinor });
    await startOrder(client, taskQueue, first.workflowId, first.input);
    expect((await result(first.workflowId)).status).toBe('confirmed');
    // Redis comes back from a snapshot taken before that sale: it offers the sold unit again.
    await createInventory(services.redis).initialise(dropId, { total: 1, sold: 0, force: true });
    await services.redis.hDel(inventoryKeys(dropId).reservations, first.input.orderId);
    await services.redis.hDel(inventoryKeys(dropId).userPurchases, String(u1));

    const second = await insertOrder(services.knex, { userId: u2!, dropId, amountMinor: priceMinor });
    expect((await startOrder(client, taskQueue, second.workflowId, second.input)).status).toBe('reserved');
    expect(await result(second.workflowId)).toEqual({ orderId: second.input.orderId, status: 'failed', reason: 'oversell_refused' });
    const confirmed = await services.knex('orders').where({ drop_id: dropId, status: 'confirmed' }).count({ n: '*' }).first();
    expect(Number(confirmed?.n)).toBe(1);
    const charge = await services.knex('payments').where({ order_id: second.input.orderId }).first();
    expect({ status: charge.status, refunded: charge.refunded_at !== null }).toEqual({ status: 'succeeded', refunded: true });
    expect(await services.knex('drops').where({ id: dropId }).first('sold_units')).toEqual({ sold_units: 1 });
    // The refusal proved Redis stale: the next order finds it rebuilt from MySQL, and nothing left to sell.
    const [u3] = await insertShoppers(services.knex, 1);
    const third = await insertOrder(services.knex, { userId: u3!, dropId, amountMinor: priceMinor });
    expect(await startOrder(client, taskQueue, third.workflowId, third.input)).toMatchObject({ status: 'rejected', reason: 'sold_out' });
  });

  it('an order of a cancelled drop neither reserves nor charges', async () => {
    const { dropId, priceMinor } = await newDrop({ stock: 2 });
    const [userId] = await insertShoppers(services.knex, 1);
    const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor });
    await services.knex('drops').where({ id: dropId }).update({ status: 'cancelled' });
    expect(await startOrder(client, taskQueue, order.workflowId, order.input)).toMatchObject({ status: 'rejected', reason: 'drop_not_live' });
    expect(await result(order.workflowId)).toMatchObject({ status: 'failed', reason: 'drop_not_live' });
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 2, reserved: 0 });
    expect(await payments([order.input.orderId])).toEqual([]);
  });

  it('a drop cancelled while an order pays: the sale is refused and the charge refunded', async () => {
    const cancelQueue = `${taskQueue}-cancel`;
    // The cancel lands while the provider is taking the money.
    const cancelling = await startOrderWorker(deps(), cancelQueue, {}, (provider) => ({
      ...provider,
      charge: async (request, options) => {
        const order = await services.knex('orders').where({ id: request.orderId }).first('drop_id');
        await services.knex('drops').where({ id: order.drop_id }).update({ status: 'cancelled' });
        return provider.charge(request, options);
      },
    }));
    try {
      const { dropId, priceMinor } = await newDrop({ stock: 2 });
      const [userId] = await insertShoppers(services.knex, 1);
      const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor });
      expect((await startOrder(client, cancelQueue, order.workflowId, order.input)).status).toBe('reserved');
      expect(await result(order.workflowId)).toMatchObject({ status: 'failed', reason: 'drop_cancelled' });
      const charge = await services.knex('payments').where({ order_id: order.input.orderId }).first();
      expect({ status: charge.status, refunded: charge.refunded_at !== null }).toEqual({ status: 'succeeded', refunded: true });
      expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 2, sold: 0, reserved: 0 });
      expect(await services.knex('drops').where({ id: dropId }).first('sold_units')).toEqual({ sold_units: 0 });
    } finally {
      await cancelling.stop();
    }
  });

  it('a worker shut down mid-payment loses no order: each completes or compensates after a restart', async () => {
    const crashQueue = `${taskQueue}-crash`;
    const first = await startOrderWorker(deps(), crashQueue, { latencyMs: 1_500 });
    const { dropId, priceMinor } = await newDrop({ stock: 4 });
    const shoppers = await insertShoppers(services.knex, 6);
    const orders = await Promise.all(shoppers.map((userId) => insertOrder(services.knex, { userId, dropId, amountMinor: priceMinor })));
    const outcomes = await Promise.all(orders.map((o) => startOrder(client, crashQueue, o.workflowId, o.input)));
    expect(outcomes.filter((o) => o.status === 'reserved')).toHaveLength(4);
    await first.stop(); // every charge is still sleeping in the sandbox: shutdown cancels them mid-payment
    const second = await startOrderWorker(deps(), crashQueue, { latencyMs: 5 });
    try {
      const results = await Promise.all(orders.map((o) => result(o.workflowId)));
      const confirmed = results.filter((r) => r.status === 'confirmed');
      expect(confirmed.length + results.filter((r) => r.reason === 'sold_out').length).toBe(6);
      expect(confirmed).toHaveLength(4);
      const charged = await payments(confirmed.map((r) => r.orderId));
      expect(charged).toHaveLength(4);
      expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 0, sold: 4, reserved: 0 });
    } finally {
      await second.stop();
    }
  });

  it('a reservation for 2 units when 1 is left is refused as not_enough_stock with available 1, taking nothing', async () => {
    const { dropId, priceMinor } = await newDrop({ stock: 1, perUserLimit: 2 });
    const [userId] = await insertShoppers(services.knex, 1);
    const o = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor, quantity: 2, perUserLimit: 2 });
    const outcome = await startOrder(client, taskQueue, o.workflowId, o.input);
    expect(outcome).toEqual({ orderId: o.input.orderId, status: 'rejected', reason: 'not_enough_stock', available: 1 });
    expect(await result(o.workflowId)).toMatchObject({ status: 'failed', reason: 'not_enough_stock' });
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ stock: 1, reserved: 0 });
  });
});
