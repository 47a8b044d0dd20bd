// Reads what audit-rules.ts judges: one drop's orders, payments and ledger from MySQL, its inventory from Redis.
import { dropKeys, type Knex, type Redis, inventoryKeys } from '@livedrop/common';
import type { DropFacts, ReservationFact } from './audit-rules';

/** "STATE|qty|expiresAtMs|userId" — the `{drop:N}:reservations` value written by the inventory Lua. */
function parseReservation(orderId: string, value: string): ReservationFact {
  const [state = '', qty, expires] = value.split('|');
  return { orderId, state, quantity: Number(qty), expiresAtMs: Number(expires) };
}

export async function readDropFacts(knex: Knex, redis: Redis, dropId: number): Promise<DropFacts | undefined> {
  const drop = await knex('drops').where({ id: dropId })
    .first<{ status: string; total_stock: number; checkout_window_s: number; sold_units: number } | undefined>(
      'status', 'total_stock', 'checkout_window_s', 'sold_units');
  if (!drop) return undefined;
  const [orders, payments, ledger] = await Promise.all([
    knex('orders').where({ drop_id: dropId }).select<{ id: string; status: string; quantity: number; created_at: Date }[]>(
      'id', 'status', 'quantity', 'created_at'),
    knex('payments').join('orders', 'orders.id', 'payments.order_id').where('orders.drop_id', dropId)
      .select<{ order_id: string; status: 'succeeded' | 'declined'; attempts: number; refunded_at: Date | null }[]>(
        'payments.order_id', 'payments.status', 'payments.attempts', 'payments.refunded_at'),
    knex('inventory_ledger').where({ drop_id: dropId, reason: 'sale' }).sum<{ s: string | null }>({ s: 'delta' }).first(),
  ]);
  const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
  const [meta, stock, reservations] = await Promise.all([redis.hGetAll(k.inventoryMeta), redis.get(k.stock), redis.hGetAll(k.reservations)]);
  const initialised = meta.initialised === '1' && stock !== null;
  return {
    dropId,
    status: drop.status,
    totalStock: Number(drop.total_stock),
    checkoutWindowS: Number(drop.checkout_window_s),
    orders: orders.map((o) => ({ id: o.id, status: o.status, quantity: Number(o.quantity), createdAtMs: new Date(o.created_at).getTime() })),
    payments: payments.map((p) => ({ orderId: p.order_id, status: p.status, attempts: Number(p.attempts), refunded: p.refunded_at !== null })),
    ledgerSoldUnits: -Number(ledger?.s ?? 0),
    mysqlSoldUnits: Number(drop.sold_units),
    redis: initialised
      ? {
        stock: Number(stock), total: Number(meta.total), sold: Number(meta.sold ?? 0),
        reservations: Object.entries(reservations).map(([id, v]) => parseReservation(id, v)),
      }
      : null,
  };
}

/** Drops to audit when none are named: every drop that started (or was meant to) in the last `sinceMinutes`. */
export async function recentDropIds(knex: Knex, sinceMinutes: number): Promise<number[]> {
  const rows = await knex('drops').where('starts_at', '>=', new Date(Date.now() - sinceMinutes * 60_000))
    .andWhere('starts_at', '<=', new Date()).orderBy('id').pluck('id');
  return rows.map(Number);
}
