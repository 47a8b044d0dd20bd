import { inventoryKeys } from '../redis/keys';
import type { Redis } from '../redis/create-redis';

/*
 * The inventory's reads that other processes need. The inventory lives in two places: its writes (one Lua file
 * per operation, reservations) in `workers/src/inventory`, and these reads here in common, because the gateway,
 * read-api and waiting-room all need them and common is the one workspace every other may import without a
 * cycle (moving the writes here too would drag the workers' Lua and Temporal-facing code into every process).
 * Both are the only places allowed to spell the inventory's keys (lint: `inventoryKeys`).
 */

/** Units still available to reserve; null when the drop has no inventory in Redis (not built yet, or lost). */
export async function stockLeft(redis: Redis, dropId: number): Promise<number | null> {
  const raw = await redis.get(inventoryKeys(dropId).stock);
  return raw === null ? null : Number(raw);
}

/** Units the user holds or bought in the drop (reserved or confirmed; released ones are given back). */
export async function unitsBoughtBy(redis: Redis, dropId: number, userId: number): Promise<number> {
  return Number((await redis.hGet(inventoryKeys(dropId).userPurchases, String(userId))) ?? 0);
}

/**
 * The inventory keys a Lua script of another module may read (never write) to decide atomically with its own
 * keys, e.g. the admission tick stops admitting when the stock is gone. Same hash tag as `dropKeys(dropId)`.
 */
export function inventoryKeysForReading(dropId: number): { stock: string } {
  return { stock: inventoryKeys(dropId).stock };
}
