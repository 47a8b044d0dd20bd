import { randomUUID } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { bullConnection, dropKeys, QUEUES, inventoryKeys } from '@livedrop/common';
import { createOrderActivities } from '../../src/activities/order-activities';
import { createInventory } from '../../src/inventory';
import { reconcileDrop, startReconciliation } from '../../src/jobs/reconciliation';
import { createSandboxPaymentProvider } from '../../src/payments';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers } from './order-fixtures';

describe('inventory reconciliation (Redis ↔ MariaDB)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const dropIds: number[] = [];

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    await deleteDropKeys(services.redis, dropIds);
    await services.close();
  });

  const payments = () => createSandboxPaymentProvider(services.knex, { latencyMs: 0, declineRate: 0, declineAmountSuffix: '0002' });
  const deps = () => ({ ...services, payments: payments() });
  const newDrop = async (stock: number) => {
    const drop = await insertLiveDrop(services.knex, services.redis, { stock, perUserLimit: 5 });
    dropIds.push(drop.dropId);
    return drop;
  };
  /** An order in MySQL with `status`, its units held in Redis (expiring at `expiresAtMs`). */
  const heldOrder = async (dropId: number, userId: number, status: string, expiresAtMs = Date.now() + 60_000) => {
    const { input } = await insertOrder(services.knex, { userId, dropId, amountMinor: 5000, perUserLimit: 5 });
    await createInventory(services.redis).reserve(dropId, { ...input, expiresAtMs });
    await services.knex('orders').where({ id: input.orderId }).update({ status });
    if (status === 'confirmed') {
      await services.knex('inventory_ledger').insert({ drop_id: dropId, order_id: input.orderId, delta: -1, reason: 'sale' });
    }
    return input.orderId;
  };
  const repairKinds = async (dropId: number) =>
    (await services.knex('reconciliation_repairs').where({ drop_id: dropId }).orderBy('id').pluck('kind')) as string[];

  it('repairs drift toward MySQL, records each repair, and finds nothing the second time', async () => {
    const { dropId } = await newDrop(10);
    const [u1, u2, u3, u4] = await insertShoppers(services.knex, 4);
    const confirmed = await heldOrder(dropId, u1!, 'confirmed'); // MySQL sold it, Redis still holds it
    const declined = await heldOrder(dropId, u2!, 'declined'); // MySQL says final, Redis still holds it
    const expired = await heldOrder(dropId, u3!, 'reserved', Date.now() - 1000); // its hold ran out
    const live = await heldOrder(dropId, u4!, 'paid'); // a live order: left alone
    await services.redis.set(inventoryKeys(dropId).stock, 99); // and the counter drifted

    const repairs = await reconcileDrop(deps(), dropId);
    expect(repairs.map((r) => `${r.kind}:${r.subject ?? ''}`).sort()).toEqual([
      'counts:', `expired_reservation_released:${expired}`, `reservation_confirmed:${confirmed}`, `reservation_released:${declined}`,
    ].sort());
    const inventory = createInventory(services.redis);
    expect(await inventory.snapshot(dropId)).toMatchObject({ total: 10, sold: 1, stock: 8, reserved: 1 });
    const states = Object.fromEntries((await inventory.reservations(dropId)).map((r) => [r.orderId, r.state]));
    expect(states).toEqual({ [confirmed]: 'CONFIRMED', [declined]: 'RELEASED', [expired]: 'RELEASED', [live]: 'RESERVED' });
    expect((await repairKinds(dropId)).sort()).toEqual(repairs.map((r) => r.kind).sort());

    expect(await reconcileDrop(deps(), dropId)).toEqual([]);
  });

  it('a confirm landing while the counts are repaired is not sold a second time (stale MySQL sold)', async () => {
    const { dropId } = await newDrop(3);
    const [u1] = await insertShoppers(services.knex, 1);
    const paid = await heldOrder(dropId, u1!, 'paid'); // held in Redis, payment done, confirm about to run
    const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    await services.redis.set(k.stock, 99); // drift, so the counts repair runs
    const activities = createOrderActivities({
      knex: services.knex, redis: services.redis, logger: services.logger,
      payments: createSandboxPaymentProvider(services.knex, { latencyMs: 0, declineRate: 0, declineAmountSuffix: '0002' }),
    });
    // The order's confirm (MySQL commit + Redis confirm) lands after reconciliation read MySQL's sold
    // units and just before its init-inventory call.
    let raced = false;
    const redis = new Proxy(services.redis, {
      get(target, prop, receiver) {
        if (prop !== 'sendCommand') return Reflect.get(target, prop, receiver) as unknown;
        return async (cmd: string[]) => {
          if (!raced && cmd[2] === '5' && cmd[4] === k.inventoryMeta) {
            raced = true;
            await activities.confirmOrder({ orderId: paid, userId: u1!, dropId, quantity: 1, startedAtMs: Date.now() });
          }
          return target.sendCommand(cmd);
        };
      },
    });
    await reconcileDrop({ ...deps(), redis }, dropId);
    expect(raced).toBe(true);
    // 3 units, 1 sold, none held: 2 left to sell, never 3.
    expect((await createInventory(services.redis).snapshot(dropId)).stock).toBe(2);
    await reconcileDrop(deps(), dropId);
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ total: 3, sold: 1, stock: 2, reserved: 0 });
  });

  it('never expires the reservation of a paid order: the shopper was charged and the workflow will confirm it', async () => {
    const { dropId } = await newDrop(1);
    const [u1, u2] = await insertShoppers(services.knex, 2);
    // Charged, then the worker stalled past the reservation's expiry (a deploy, an outage).
    const paid = await heldOrder(dropId, u1!, 'paid', Date.now() - 1000);
    await reconcileDrop(deps(), dropId);
    const inventory = createInventory(services.redis);
    expect((await inventory.reservations(dropId)).find((r) => r.orderId === paid)?.state).toBe('RESERVED');
    // The unit is still the paid shopper's: nobody else can reserve it, and the late confirm sells it once.
    const next = await insertOrder(services.knex, { userId: u2!, dropId, amountMinor: 5000, perUserLimit: 5 });
    await expect(inventory.reserve(dropId, { ...next.input, expiresAtMs: Date.now() + 60_000 })).rejects.toMatchObject({ code: 'sold_out' });
    const activities = createOrderActivities({
      knex: services.knex, redis: services.redis, logger: services.logger,
      payments: createSandboxPaymentProvider(services.knex, { latencyMs: 0, declineRate: 0, declineAmountSuffix: '0002' }),
    });
    await activities.confirmOrder({ orderId: paid, userId: u1!, dropId, quantity: 1, startedAtMs: Date.now() });
    expect(await inventory.snapshot(dropId)).toMatchObject({ total: 1, sold: 1, stock: 0, reserved: 0 });
  });

  it('refunds every charge without a sale (order ended unsold), once, and leaves in-flight and sold orders alone', async () => {
    const { dropId } = await newDrop(5);
    const [u1, u2, u3, u4] = await insertShoppers(services.knex, 4);
    const provider = payments();
    const charged = async (userId: number, status: string) => {
      const { input } = await insertOrder(services.knex, { userId, dropId, amountMinor: 5000, perUserLimit: 5 });
      await provider.charge({ idempotencyKey: `${input.orderId}:charge`, amountMinor: 5000, currency: 'EUR', orderId: input.orderId });
      await services.knex('orders').where({ id: input.orderId }).update({ status });
      if (status === 'confirmed') await services.knex('inventory_ledger').insert({ drop_id: dropId, order_id: input.orderId, delta: -1, reason: 'sale' });
      return input.orderId;
    };
    // Charged, then expired by the backstop without a refund (the defect), and one cancelled the same way.
    const expired = await charged(u1!, 'expired');
    const cancelled = await charged(u2!, 'cancelled');
    const paid = await charged(u3!, 'paid'); // in flight: its workflow confirms or refunds it
    const sold = await charged(u4!, 'confirmed');
    const refunded = async () => (await services.knex('payments').join('orders', 'orders.id', 'payments.order_id')
      .where('orders.drop_id', dropId).whereNotNull('payments.refunded_at').orderBy('orders.id').pluck('orders.id')) as string[];

    const repairs = await reconcileDrop(deps(), dropId);
    expect(repairs.filter((r) => r.kind === 'charge_refunded').map((r) => r.subject).sort()).toEqual([expired, cancelled].sort());
    expect(await refunded()).toEqual([expired, cancelled].sort());
    expect((await reconcileDrop(deps(), dropId)).filter((r) => r.kind === 'charge_refunded')).toEqual([]);
    expect(await refunded()).not.toContain(paid);
    expect(await refunded()).not.toContain(sold);
  });

  it('never throws on sold + held > stock: it repairs (nothing left to sell) and records what it found', async () => {
    const { dropId } = await newDrop(2);
    const [u1, u2, u3] = await insertShoppers(services.knex, 3);
    await heldOrder(dropId, u1!, 'paid');
    await heldOrder(dropId, u2!, 'paid');
    // A sale MySQL holds that this (stale) Redis never saw: 1 sold + 2 held > 2 units.
    const { input } = await insertOrder(services.knex, { userId: u3!, dropId, amountMinor: 5000, perUserLimit: 5 });
    await services.knex('orders').where({ id: input.orderId }).update({ status: 'confirmed' });
    await services.knex('inventory_ledger').insert({ drop_id: dropId, order_id: input.orderId, delta: -1, reason: 'sale' });

    const repairs = await reconcileDrop(deps(), dropId);
    expect(repairs.map((r) => r.kind)).toContain('oversubscribed');
    expect(await repairKinds(dropId)).toContain('oversubscribed');
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ total: 2, sold: 1, stock: 0 });
  });

  it('an order paid between the status read and the expiry keeps its reservation (stale read re-checked under a row lock)', async () => {
    const { dropId } = await newDrop(1);
    const [u1] = await insertShoppers(services.knex, 1);
    const order = await heldOrder(dropId, u1!, 'reserved', Date.now() - 1000); // expired hold, not yet paid when read
    // The workflow's charge lands right after reconciliation read 'reserved', before it expires the hold.
    const payInBetween = async (orderId: string) => {
      await services.knex('orders').where({ id: orderId }).update({ status: 'paid' });
    };
    await reconcileDrop({ ...deps(), beforeExpire: payInBetween }, dropId);
    expect((await createInventory(services.redis).reservations(dropId)).find((r) => r.orderId === order)?.state).toBe('RESERVED');
    expect(await repairKinds(dropId)).not.toContain('expired_reservation_released');
  });

  it('rebuilds a lost inventory from MySQL before the next sale (reserve refuses until then)', async () => {
    const { dropId } = await newDrop(5);
    const [u1, u2, u3] = await insertShoppers(services.knex, 3);
    await heldOrder(dropId, u1!, 'confirmed');
    await heldOrder(dropId, u2!, 'confirmed');
    const live = await heldOrder(dropId, u3!, 'reserved');
    await deleteDropKeys(services.redis, [dropId]); // Redis lost everything about the drop

    const inventory = createInventory(services.redis);
    const [buyer] = await insertShoppers(services.knex, 1);
    const next = await insertOrder(services.knex, { userId: buyer!, dropId, amountMinor: 5000, perUserLimit: 5 });
    await expect(inventory.reserve(dropId, { ...next.input, expiresAtMs: Date.now() + 60_000 }))
      .rejects.toMatchObject({ code: 'inventory_not_initialised' });

    // The order activity rebuilds from MySQL, then reserves: 5 − 2 sold − 1 held − 1 = 1 left.
    const activities = createOrderActivities({
      knex: services.knex, redis: services.redis, logger: services.logger,
      payments: createSandboxPaymentProvider(services.knex, { latencyMs: 0, declineRate: 0, declineAmountSuffix: '0002' }),
    });
    expect(await activities.reserveInventory({ ...next.input, expiresAtMs: Date.now() + 60_000 })).toEqual({ stockLeft: 1 });
    expect(await inventory.snapshot(dropId)).toMatchObject({ initialised: true, total: 5, sold: 2, stock: 1, reserved: 2 });
    expect((await inventory.reservations(dropId)).find((r) => r.orderId === live)?.state).toBe('RESERVED');
    expect(await services.redis.get(dropKeys(dropId).ordersInflight)).toBe('2');

    // Reconciliation after the rebuild finds Redis equal to MySQL.
    expect(await reconcileDrop(deps(), dropId)).toEqual([]);
  });

  it('reconciliation also rebuilds a lost drop itself, as a BullMQ job with its own scheduler', async () => {
    const { dropId } = await newDrop(4);
    const [u1] = await insertShoppers(services.knex, 1);
    await heldOrder(dropId, u1!, 'confirmed');
    await deleteDropKeys(services.redis, [dropId]);

    const prefix = `test-recon-${uniqueSuffix()}`;
    const connection = bullConnection(services.config.REDIS_URL);
    const recon = startReconciliation({ ...deps(), connection, intervalMs: 60_000, prefix });
    const events = new QueueEvents(QUEUES.reconciliation, { connection, prefix });
    try {
      await recon.ready;
      expect((await recon.queue.getJobSchedulers()).map((s) => s.key)).toContain('reconcile-live-drops');
      await events.waitUntilReady();
      const job = await recon.queue.add('reconcile-drop', { dropId, trigger: 'test' }, { jobId: randomUUID() });
      const result = await job.waitUntilFinished(events, 20_000);
      expect(result).toEqual({ repairs: 1, kinds: ['inventory_rebuilt'] });
      expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ initialised: true, sold: 1, stock: 3 });
      expect(await repairKinds(dropId)).toEqual(['inventory_rebuilt']);
    } finally {
      await events.close();
      await recon.queue.obliterate({ force: true });
      await recon.close();
    }
  });
});
