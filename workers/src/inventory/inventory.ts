import { join } from 'node:path';
import { inventoryKeys, loadLuaScripts, type Redis } from '@livedrop/common';
import { checkInventoryReply } from './inventory-errors';
import { createReservationOps } from './reservations';

// Loaded once per process; every operation is one `<name>-<numKeys>.lua` file in ./lua.
const runScript = loadLuaScripts(join(__dirname, 'lua'));

export interface InventorySnapshot {
  initialised: boolean;
  /** Units still available to reserve (the "sellable stock"). */
  stock: number;
  total: number;
  sold: number;
  /** Units held by reservations that are neither confirmed nor released: total − sold − stock. */
  reserved: number;
}

export interface InitialiseResult {
  /** false when the inventory was already initialised and nothing changed. */
  initialised: boolean;
  stock: number;
  /** true when keys of another drop with the same id (reset database, shared Redis) were thrown away. */
  discardedForeignKeys?: boolean;
}

/**
 * The Redis inventory of drops. Each method is one atomic Lua call; add an operation by adding a Lua
 * file and a method here (its negative codes go in inventory-errors.ts).
 */
export function createInventory(redis: Redis) {
  return {
    // reserve / confirm / release / expire / rebuild / reservations (orders pipeline)
    ...createReservationOps(redis, runScript),
    /** Sets stock = total − sold − held reservations, once (or again with `force`, to rebuild from MySQL). */
    async initialise(
      dropId: number,
      input: { total: number; sold: number; force?: boolean; fingerprint?: string; soldBaseline?: number; clamp?: boolean },
    ): Promise<InitialiseResult> {
      const k = inventoryKeys(dropId);
      const reply = checkInventoryReply(
        'init-inventory',
        await runScript(redis, 'init-inventory', [k.stock, k.inventoryMeta, k.reservations, k.reservationExpiry, k.userPurchases], [
          input.total, input.sold, input.force ? '1' : '0', input.fingerprint ?? '',
          input.soldBaseline === undefined ? '' : input.soldBaseline, input.clamp ? '1' : '0',
        ]),
      ) as [number, number];
      return { initialised: reply[0] !== 0, stock: Number(reply[1]), ...(reply[0] === 2 ? { discardedForeignKeys: true } : {}) };
    },

    /**
     * Marks the drop's Redis inventory as not to be trusted: the next reserve (or reconciliation) rebuilds it
     * from MySQL before selling anything. Used when MySQL proves Redis stale (it refused a sale Redis allowed).
     */
    async invalidate(dropId: number): Promise<void> {
      await redis.hSet(inventoryKeys(dropId).inventoryMeta, 'initialised', '0');
    },

    async snapshot(dropId: number): Promise<InventorySnapshot> {
      const k = inventoryKeys(dropId);
      const [initialised, stock, total, sold] = (await runScript(redis, 'inventory-snapshot', [k.stock, k.inventoryMeta], [])) as number[];
      return {
        initialised: initialised === 1,
        stock: Number(stock),
        total: Number(total),
        sold: Number(sold),
        reserved: initialised === 1 ? Number(total) - Number(sold) - Number(stock) : 0,
      };
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
