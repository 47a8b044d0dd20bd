import { dropKeys, pushToDrop, stockLeft, type Knex, type Redis } from '@livedrop/common';
import { createDropsRepo } from '../../repos/drops-repo';

export const STOCK_LOW_SCAN = 'stock-low-scan';
const SENT_TTL_S = 7 * 24 * 3600;

/**
 * Pushes `stock_low` to a drop's channel the first time its sellable stock is at or below the threshold
 * (and above zero: zero is `sold_out`, announced by the drop lifecycle). SET NX makes it once per drop
 * however many processes check. Callable from anywhere that just changed stock; the scan job is the net.
 */
export async function checkStockLow(redis: Redis, dropId: number, threshold: number): Promise<boolean> {
  const left = await stockLeft(redis, dropId);
  if (left === null || !(left > 0 && left <= threshold)) return false;
  const first = await redis.set(dropKeys(dropId).stockLowSent, String(Date.now()), { condition: 'NX', expiration: { type: 'EX', value: SENT_TTL_S } });
  if (first !== 'OK') return false;
  await pushToDrop(redis, dropId, { type: 'stock_low', stockLeft: left, threshold });
  return true;
}

/** Periodic job: checks every live drop (a handful at a time, each check is two Redis calls). */
export async function scanStockLow(deps: { knex: Knex; redis: Redis; threshold: number }): Promise<number[]> {
  if (deps.threshold <= 0) return [];
  const ids = await createDropsRepo(deps.knex).idsWithStatus(['live']);
  const alerted: number[] = [];
  for (const id of ids) if (await checkStockLow(deps.redis, id, deps.threshold)) alerted.push(id);
  return alerted;
}
