import { dropKeys, pushToUsers, type Redis } from '@livedrop/common';

// SPOP in pages: each page is taken atomically, so a wish added while we notify is kept for the next time.
const PAGE = 1000;

/** "Tell me if units return": one wish per shopper per sold-out drop, kept until the next restock. */
export async function setRestockAlert(redis: Redis, dropId: number, userId: number, wanted: boolean): Promise<void> {
  const key = dropKeys(dropId).restockAlerts;
  if (wanted) await redis.sAdd(key, String(userId));
  else await redis.sRem(key, String(userId));
}

export async function hasRestockAlert(redis: Redis, dropId: number, userId: number): Promise<boolean> {
  return Boolean(await redis.sIsMember(dropKeys(dropId).restockAlerts, String(userId)));
}

/**
 * Called by the admission controller on the tick that sees stock come back to a sold-out drop
 * (soldOutChange −1): every wish is taken once and answered with one `restock` push per page of users.
 */
export async function notifyRestock(redis: Redis, dropId: number, stockLeft: number): Promise<number> {
  const key = dropKeys(dropId).restockAlerts;
  let told = 0;
  for (;;) {
    const page = await redis.sPopCount(key, PAGE);
    if (!page || page.length === 0) return told;
    await pushToUsers(redis, page, { type: 'restock', dropId, stockLeft });
    told += page.length;
    if (page.length < PAGE) return told;
  }
}
