import { dropKeys, inventoryKeys, inventoryKeysForReading, stockLeft, unitsBoughtBy } from '@livedrop/common';
import { createInventory } from '../../src/inventory';
import { connectTestServices } from '../../../test/support/test-env';

// The reads other processes use (common/src/inventory) must see what the inventory's Lua writes.
const randomDropId = () => 900_000_000 + Math.floor(Math.random() * 99_000_000);

describe('inventory reads for other processes (real Redis)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const dropId = randomDropId();

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    const k = inventoryKeys(dropId);
    await services.redis.del([k.stock, k.inventoryMeta, k.reservations, k.reservationExpiry, k.userPurchases, dropKeys(dropId).ordersInflight]);
    await services.close();
  });

  it('answers null stock and zero units before the inventory exists', async () => {
    expect(await stockLeft(services.redis, dropId)).toBeNull();
    expect(await unitsBoughtBy(services.redis, dropId, 7)).toBe(0);
  });

  it('follows reserve and release', async () => {
    const inventory = createInventory(services.redis);
    await inventory.initialise(dropId, { total: 5, sold: 0 });
    expect(await stockLeft(services.redis, dropId)).toBe(5);

    await inventory.reserve(dropId, { orderId: 'o-1', userId: 7, quantity: 2, perUserLimit: 3, expiresAtMs: Date.now() + 60_000 });
    expect(await stockLeft(services.redis, dropId)).toBe(3);
    expect(await unitsBoughtBy(services.redis, dropId, 7)).toBe(2);
    expect(await unitsBoughtBy(services.redis, dropId, 8)).toBe(0);

    await inventory.release(dropId, 'o-1', 7);
    expect(await stockLeft(services.redis, dropId)).toBe(5);
    expect(await unitsBoughtBy(services.redis, dropId, 7)).toBe(0);
  });

  it('hands scripts the same stock key, in the drop’s hash slot', () => {
    expect(inventoryKeysForReading(dropId).stock).toBe(inventoryKeys(dropId).stock);
    expect(inventoryKeysForReading(dropId).stock.startsWith(dropKeys(dropId).tag)).toBe(true);
  });
});
