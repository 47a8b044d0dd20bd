// Partial Redis loss is detected before the next sale, not only a lost inventory: a Redis that restarted (a
// crash losing the last second, a restore from an older snapshot, a failover to a lagging replica) or lost
// one of a drop's keys is rebuilt from MySQL before anything more is reserved.
import { dropKeys, inventoryKeys } from '@livedrop/common';
import { createOrderActivities } from '../../src/activities/order-activities';
import { createInventory } from '../../src/inventory';
import { createSandboxPaymentProvider } from '../../src/payments';
import { connectTestServices } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers } from '../orders/order-fixtures';

describe('partial Redis loss', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const dropIds: number[] = [];
  beforeAll(async () => { services = await connectTestServices(); });
  afterAll(async () => { await deleteDropKeys(services.redis, dropIds); await services.close(); });

  const activities = () => createOrderActivities({
    knex: services.knex, redis: services.redis, logger: services.logger,
    payments: createSandboxPaymentProvider(services.knex, { latencyMs: 0, declineRate: 0, declineAmountSuffix: '0002' }),
  });
  /** A drop of `stock` units with one unit sold (MySQL and Redis agree). */
  const dropWithOneSale = async (stock: number) => {
    const { dropId } = await insertLiveDrop(services.knex, services.redis, { stock, perUserLimit: 1 });
    dropIds.push(dropId);
    const [buyer] = await insertShoppers(services.knex, 1);
    const sold = await insertOrder(services.knex, { userId: buyer!, dropId, amountMinor: 5000 });
    await activities().reserveInventory({ ...sold.input, expiresAtMs: Date.now() + 60_000 });
    await services.knex('orders').where({ id: sold.input.orderId }).update({ status: 'paid' });
    await activities().confirmOrder({ ...sold.input, startedAtMs: Date.now() });
    return dropId;
  };
  const reserveFor = async (dropId: number) => {
    const [userId] = await insertShoppers(services.knex, 1);
    const order = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: 5000 });
    return activities().reserveInventory({ ...order.input, expiresAtMs: Date.now() + 60_000 });
  };

  it('a Redis restored from a snapshot taken before the last sale is rebuilt before the next reserve (no unit sold twice)', async () => {
    const dropId = await dropWithOneSale(1);
    const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    // The snapshot: the drop as it was before the sale, written by an earlier Redis incarnation.
    await services.redis.del([k.reservations, k.userPurchases]);
    await services.redis.set(k.stock, '1');
    await services.redis.hSet(k.inventoryMeta, { sold: '0', server: 'an-earlier-redis-run-id' });
    await expect(reserveFor(dropId)).rejects.toMatchObject({ type: 'sold_out' });
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ initialised: true, total: 1, sold: 1, stock: 0 });
  });

  it('a lost stock key with the rest intact is rebuilt, not read as sold out', async () => {
    const dropId = await dropWithOneSale(3);
    await services.redis.del(inventoryKeys(dropId).stock);
    expect(await reserveFor(dropId)).toEqual({ stockLeft: 1 });
    expect(await createInventory(services.redis).snapshot(dropId)).toMatchObject({ total: 3, sold: 1, stock: 1 });
  });
});
