import { dropKeys, inventoryKeys } from '@livedrop/common';
import { createInventory, InventoryError } from '../../src/inventory';
import { connectTestServices } from '../../../test/support/test-env';

// Ids far above any real drop, random per run, so parallel files and the dev database never collide.
const randomDropId = () => 900_000_000 + Math.floor(Math.random() * 99_000_000);

describe('inventory initialise / snapshot (real Redis)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const used: number[] = [];
  const newDrop = () => {
    const id = randomDropId();
    used.push(id);
    return id;
  };

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    for (const id of used) {
      const k = { ...dropKeys(id), ...inventoryKeys(id) };
      await services.redis.del([k.stock, k.inventoryMeta, k.reservations, k.reservationExpiry, k.userPurchases]);
    }
    await services.close();
  });

  it('sets stock = total − sold once, and a second call changes nothing', async () => {
    const inventory = createInventory(services.redis);
    const dropId = newDrop();
    expect(await inventory.snapshot(dropId)).toEqual({ initialised: false, stock: 0, total: 0, sold: 0, reserved: 0 });

    expect(await inventory.initialise(dropId, { total: 10, sold: 3 })).toEqual({ initialised: true, stock: 7 });
    expect(await inventory.snapshot(dropId)).toEqual({ initialised: true, stock: 7, total: 10, sold: 3, reserved: 0 });

    await services.redis.decrBy(inventoryKeys(dropId).stock, 2); // a sale in progress must survive a repeated init
    expect(await inventory.initialise(dropId, { total: 10, sold: 0 })).toEqual({ initialised: false, stock: 5 });
    expect((await inventory.snapshot(dropId)).reserved).toBe(2);
  });

  it('rebuilds when forced, keeping units held by live reservations', async () => {
    const inventory = createInventory(services.redis);
    const dropId = newDrop();
    await inventory.initialise(dropId, { total: 10, sold: 0 });
    await services.redis.hSet(inventoryKeys(dropId).reservations, {
      'order-a': `RESERVED|2|${Date.now() + 60_000}|1`,
      'order-b': `RELEASED|3|${Date.now()}|2`,
      'order-c': `CONFIRMED|1|${Date.now()}|3`,
    });
    expect(await inventory.initialise(dropId, { total: 10, sold: 1, force: true })).toEqual({ initialised: true, stock: 7 });
    expect(await inventory.snapshot(dropId)).toMatchObject({ stock: 7, sold: 1, reserved: 2 });
  });

  it("discards another drop's keys left under the same id instead of inheriting its stock", async () => {
    const inventory = createInventory(services.redis);
    const dropId = newDrop();
    const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    // What a reset database leaves behind: drop N of the old data set, mid-sale, with a reservation.
    await inventory.initialise(dropId, { total: 40, sold: 0, fingerprint: 'a'.repeat(64) });
    await services.redis.hSet(k.reservations, 'old-order', `RESERVED|3|${Date.now() + 60_000}|7`);
    await services.redis.hSet(k.userPurchases, '7', '3');

    expect(await inventory.initialise(dropId, { total: 5, sold: 0, fingerprint: 'b'.repeat(64) })).toEqual({
      initialised: true, stock: 5, discardedForeignKeys: true,
    });
    expect(await inventory.snapshot(dropId)).toMatchObject({ stock: 5, total: 5, sold: 0, reserved: 0 });
    expect(await services.redis.exists([k.reservations, k.userPurchases])).toBe(0);
    // The same drop again: already initialised, nothing changes.
    expect(await inventory.initialise(dropId, { total: 5, sold: 0, fingerprint: 'b'.repeat(64) })).toEqual({
      initialised: false, stock: 5,
    });
  });

  it('refuses numbers that would oversell, changing nothing', async () => {
    const inventory = createInventory(services.redis);
    const dropId = newDrop();
    const error = await inventory.initialise(dropId, { total: 2, sold: 3 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InventoryError);
    expect(error).toMatchObject({ code: 'invalid_inventory_numbers', luaCode: -1 });
    expect(await services.redis.exists(inventoryKeys(dropId).stock)).toBe(0);
  });

  it('refuses 2 units when 1 is left as not_enough_stock with available 1, and keeps sold_out for 0 left', async () => {
    const inventory = createInventory(services.redis);
    const dropId = newDrop();
    await inventory.initialise(dropId, { total: 1, sold: 0 });
    const ask = (orderId: string, userId: number, quantity: number) =>
      inventory.reserve(dropId, { orderId, userId, quantity, perUserLimit: 5, expiresAtMs: Date.now() + 60_000 });
    const refused = await ask('o-two', 1, 2).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InventoryError);
    expect(refused).toMatchObject({ status: 409, code: 'not_enough_stock', available: 1, fields: { available: 1 } });
    expect(await services.redis.get(inventoryKeys(dropId).stock)).toBe('1'); // nothing taken
    await expect(ask('o-one', 2, 1)).resolves.toMatchObject({ created: true, stockLeft: 0 });
    await expect(ask('o-late', 3, 1)).rejects.toMatchObject({ code: 'sold_out', luaCode: -3 });
  });
});
