import { FAILED_ORDER_STATUSES, UNPAID_ORDER_STATUSES, type Knex, type Logger, type OrderStatus, type Redis } from '@livedrop/common';
import { createInventory, rebuildInventoryFromMysql, type Reservation } from '../../inventory';
import type { PaymentProvider } from '../../payments';
import { createRepos, unitsSold, type Repos } from '../../repos';
import { refundUnsoldCharges } from './refund-unsold-charges';
import { recordRepairs, type Repair } from './repairs-repo';

export interface ReconcileDeps {
  knex: Knex;
  redis: Redis;
  logger: Logger;
  /** Refunds charges without a sale. */
  payments: PaymentProvider;
  /** Test seam: runs between reading an order's status and expiring its reservation, to force interleavings. */
  beforeExpire?: (orderId: string) => Promise<void>;
}


const FAILED: readonly OrderStatus[] = FAILED_ORDER_STATUSES;

/**
 * Brings one drop's Redis inventory back to the MySQL truth and records every repair:
 * a lost inventory is rebuilt; reservations of orders MySQL calls final are confirmed or released;
 * expired reservations of unpaid orders are released; sold and stock (= total − sold − live reservations) are reset;
 * a charge whose order ended unsold is refunded.
 * Safe to run at any time and any number of times: each fix is an atomic, idempotent Lua transition.
 */
export async function reconcileDrop({ knex, redis, logger, payments, beforeExpire }: ReconcileDeps, dropId: number, nowMs = Date.now()): Promise<Repair[]> {
  const inventory = createInventory(redis);
  const repairs: Repair[] = [];
  const repair = (kind: string, subject: string | null, redisValue: unknown, mysqlValue: unknown) =>
    repairs.push({ kind, subject, redisValue: redisValue == null ? null : String(redisValue), mysqlValue: mysqlValue == null ? null : String(mysqlValue) });

  const repos = createRepos(knex);
  const total = await repos.drops.totalStockOf(dropId);
  if (total === undefined) return [];

  if (!(await inventory.snapshot(dropId)).initialised) {
    const rebuilt = await rebuildInventoryFromMysql(knex, inventory, dropId, nowMs);
    if (rebuilt.rebuilt) repair('inventory_rebuilt', null, 'missing', `stock=${rebuilt.stock}`);
  }

  const reservations = await inventory.reservations(dropId);
  const statusById = await orderStatuses(repos, reservations.map((r) => r.orderId));
  for (const r of reservations.filter((x) => x.state === 'RESERVED')) {
    const status = statusById.get(r.orderId);
    if (status === 'confirmed') {
      await inventory.confirm(dropId, r.orderId);
      repair('reservation_confirmed', r.orderId, r.state, status);
    } else if (status === undefined || FAILED.includes(status)) {
      await inventory.release(dropId, r.orderId, r.userId);
      repair('reservation_released', r.orderId, r.state, status ?? 'no_order');
    } else if (status !== 'paid' && r.expiresAtMs <= nowMs) {
      // A paid order is never expired: the shopper was charged and its workflow will confirm it; releasing
      // the unit would let another shopper buy it and the late confirm would then sell it twice.
      await beforeExpire?.(r.orderId);
      const released = await expireIfStillUnpaid(knex, repos, inventory, dropId, r.orderId, nowMs);
      if (released) repair('expired_reservation_released', r.orderId, `${r.state}@${r.expiresAtMs}`, status);
    }
  }

  // Sales MySQL holds that Redis does not show as confirmed (e.g. released by an expiry, then paid).
  const byOrder = new Map<string, Reservation>(reservations.map((r) => [r.orderId, r]));
  const confirmed = await repos.orders.confirmedOfDrop(dropId);
  for (const o of confirmed) {
    const r = byOrder.get(o.id);
    if (r && r.state !== 'RELEASED') continue;
    if (r) await inventory.confirm(dropId, o.id).catch(() => undefined); // takes the units back when they are free
    repair('confirmed_order_not_in_redis', o.id, r?.state ?? 'missing', 'confirmed');
  }

  // Redis first: a confirm racing this repair (MySQL commit, then Redis) raises snap.sold afterwards, and
  // init-inventory adds that rise to the MySQL number read below, so the sale is never offered again.
  const snap = await inventory.snapshot(dropId);
  const sold = await unitsSold(repos, dropId);
  const held = (await inventory.reservations(dropId)).filter((r) => r.state === 'RESERVED').reduce((n, r) => n + r.quantity, 0);
  const expectedStock = Math.max(0, total - sold - held);
  if (sold + held > total) {
    // More sold and held than the drop has (a stale Redis let units be reserved twice): sell nothing more;
    // the confirms of the excess are refused by MySQL's guarded sold count and refunded.
    repair('oversubscribed', null, `held=${held}`, `sold=${sold},total=${total}`);
  }
  if (snap.sold !== sold || snap.total !== total || snap.stock !== expectedStock) {
    // init-inventory with force recomputes stock = total − sold − held inside one Lua call (0 when oversubscribed).
    const fixed = await inventory.initialise(dropId, { total, sold, force: true, soldBaseline: snap.sold, clamp: true });
    repair('counts', null, `stock=${snap.stock},sold=${snap.sold},total=${snap.total}`, `stock=${fixed.stock},sold=${sold},total=${total}`);
  }

  // Nobody keeps money for nothing: a charge whose order ended unsold is refunded.
  for (const c of await refundUnsoldCharges(knex, payments, dropId)) {
    repair('charge_refunded', c.orderId, null, `${c.orderStatus}, payment ${c.paymentId}`);
  }

  if (repairs.length) {
    await recordRepairs(knex, dropId, repairs);
    logger.warn({ dropId, repairs: repairs.length, kinds: [...new Set(repairs.map((r) => r.kind))] }, 'inventory drift repaired');
  }
  return repairs;
}

// Orders whose hold may expire: nothing was charged for them yet (as far as MySQL knows).
const EXPIRABLE: readonly OrderStatus[] = UNPAID_ORDER_STATUSES;

/**
 * Releases an expired hold only if its order is still unpaid, re-read under a row lock held across the Redis
 * expiry: the status read for the whole drop may be stale by now, and the charge's move to `paid` waits on this
 * lock, so an order paid in between keeps its units.
 */
async function expireIfStillUnpaid(knex: Knex, repos: Repos, inventory: ReturnType<typeof createInventory>, dropId: number, orderId: string, nowMs: number) {
  return knex.transaction(async (trx) => {
    const status = await repos.orders.lockStatus(orderId, trx);
    if (status && !EXPIRABLE.includes(status)) return false;
    return (await inventory.expire(dropId, [orderId], nowMs)).length > 0;
  });
}

async function orderStatuses(repos: Repos, ids: string[]): Promise<Map<string, OrderStatus>> {
  const map = new Map<string, OrderStatus>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const row of await repos.orders.statusesOf(ids.slice(i, i + 500))) map.set(row.id, row.status);
  }
  return map;
}
