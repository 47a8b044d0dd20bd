// The invariants every load test must leave intact, as pure functions over facts read from MySQL and Redis
// (audit-facts.ts). One violation = one broken promise to a shopper: oversold, double-charged, stuck.
import { FINAL_ORDER_STATUSES } from '@livedrop/common';

export interface OrderFact { id: string; status: string; quantity: number; createdAtMs: number }
/** `refunded`: the charge succeeded and the money went back (an unsold order's refund): it no longer counts. */
export interface PaymentFact { orderId: string; status: 'succeeded' | 'declined'; attempts: number; refunded?: boolean }
export interface ReservationFact { orderId: string; state: string; quantity: number; expiresAtMs: number }

export interface DropFacts {
  dropId: number;
  status: string;
  totalStock: number;
  checkoutWindowS: number;
  orders: OrderFact[];
  payments: PaymentFact[];
  /** Units the MySQL ledger records as sold (−Σ delta of `sale` rows). */
  ledgerSoldUnits: number;
  /** drops.sold_units, the count the confirm's guarded update keeps (undefined for databases without it). */
  mysqlSoldUnits?: number;
  /** null when the drop's inventory was never initialised in Redis (e.g. it never started). */
  redis: { stock: number; total: number; sold: number; reservations: ReservationFact[] } | null;
}

export interface AuditOptions {
  nowMs: number;
  /** Slack for sweepers/timers: a reservation this far past its expiry, or an order this far past its window, is a violation. */
  graceMs: number;
  /** Longest a payment may take (PAYMENT_TIMEOUT_MS): part of an order's window. */
  paymentTimeoutMs: number;
}

export interface Violation { dropId: number; rule: string; detail: string }

export interface DropSummary {
  dropId: number;
  status: string;
  totalStock: number;
  soldUnits: number;
  orders: Record<string, number>;
  succeededPayments: number;
  redisStock: number | null;
  heldUnits: number | null;
}

const isFinal = (status: string) => (FINAL_ORDER_STATUSES as readonly string[]).includes(status);

export function auditDrop(f: DropFacts, o: AuditOptions): { summary: DropSummary; violations: Violation[] } {
  const violations: Violation[] = [];
  const fail = (rule: string, detail: string) => violations.push({ dropId: f.dropId, rule, detail });

  const confirmed = f.orders.filter((x) => x.status === 'confirmed');
  const soldUnits = confirmed.reduce((n, x) => n + x.quantity, 0);
  if (soldUnits > f.totalStock) fail('oversold', `${soldUnits} units confirmed, stock ${f.totalStock}`);
  if (f.ledgerSoldUnits !== soldUnits) fail('ledger_mismatch', `ledger says ${f.ledgerSoldUnits} sold, orders say ${soldUnits}`);
  if (f.mysqlSoldUnits !== undefined && f.mysqlSoldUnits !== soldUnits) {
    fail('mysql_sold_units_mismatch', `drops.sold_units is ${f.mysqlSoldUnits}, orders say ${soldUnits}`);
  }

  const succeeded = new Map<string, number>();
  for (const p of f.payments) if (p.status === 'succeeded' && !p.refunded) succeeded.set(p.orderId, (succeeded.get(p.orderId) ?? 0) + 1);
  for (const order of f.orders) {
    const charges = succeeded.get(order.id) ?? 0;
    if (order.status === 'confirmed' && charges !== 1) fail('charge_count', `confirmed order ${order.id} has ${charges} succeeded charges (want 1)`);
    if (order.status !== 'confirmed' && isFinal(order.status) && charges > 0) {
      fail('charged_but_not_sold', `${order.status} order ${order.id} has ${charges} succeeded charge(s)`);
    }
    const windowMs = f.checkoutWindowS * 1000 + o.paymentTimeoutMs + o.graceMs;
    if (!isFinal(order.status) && o.nowMs - order.createdAtMs > windowMs) {
      fail('order_not_final', `order ${order.id} still ${order.status} ${Math.round((o.nowMs - order.createdAtMs) / 1000)} s after creation`);
    }
  }

  let heldUnits: number | null = null;
  if (f.redis) {
    const r = f.redis;
    const held = r.reservations.filter((x) => x.state === 'RESERVED');
    heldUnits = held.reduce((n, x) => n + x.quantity, 0);
    for (const x of held) {
      if (x.expiresAtMs + o.graceMs < o.nowMs) {
        fail('stale_reservation', `reservation ${x.orderId} still RESERVED ${Math.round((o.nowMs - x.expiresAtMs) / 1000)} s after its expiry`);
      }
    }
    if (r.stock < 0) fail('negative_stock', `Redis stock is ${r.stock}`);
    if (r.total !== f.totalStock) fail('redis_total_mismatch', `Redis total ${r.total}, MySQL total_stock ${f.totalStock}`);
    if (r.sold !== soldUnits) fail('redis_sold_mismatch', `Redis sold ${r.sold}, MySQL confirmed ${soldUnits}`);
    if (r.stock !== r.total - r.sold - heldUnits) {
      fail('redis_stock_mismatch', `Redis stock ${r.stock} != total ${r.total} − sold ${r.sold} − held ${heldUnits}`);
    }
    const states = new Map(r.reservations.map((x) => [x.orderId, x.state]));
    for (const order of confirmed) {
      const state = states.get(order.id);
      if (state !== undefined && state !== 'CONFIRMED') fail('reservation_state_mismatch', `confirmed order ${order.id} has a ${state} reservation`);
    }
  }

  const orders = f.orders.reduce<Record<string, number>>((acc, x) => ({ ...acc, [x.status]: (acc[x.status] ?? 0) + 1 }), {});
  return {
    summary: {
      dropId: f.dropId, status: f.status, totalStock: f.totalStock, soldUnits, orders,
      succeededPayments: [...succeeded.values()].reduce((a, b) => a + b, 0), redisStock: f.redis?.stock ?? null, heldUnits,
    },
    violations,
  };
}
