import { auditDrop, type DropFacts } from '../audit-rules';

const NOW = 1_800_000_000_000;
const options = { nowMs: NOW, graceMs: 10_000, paymentTimeoutMs: 10_000 };

/** A clean sold-out drop: 2 units, 2 confirmed orders each charged once, 1 declined order, Redis in line. */
function cleanDrop(): DropFacts {
  return {
    dropId: 7, status: 'sold_out', totalStock: 2, checkoutWindowS: 60,
    orders: [
      { id: 'a', status: 'confirmed', quantity: 1, createdAtMs: NOW - 5000 },
      { id: 'b', status: 'confirmed', quantity: 1, createdAtMs: NOW - 5000 },
      { id: 'c', status: 'declined', quantity: 1, createdAtMs: NOW - 5000 },
    ],
    payments: [
      { orderId: 'a', status: 'succeeded', attempts: 2 },
      { orderId: 'b', status: 'succeeded', attempts: 1 },
      { orderId: 'c', status: 'declined', attempts: 1 },
    ],
    ledgerSoldUnits: 2,
    redis: {
      stock: 0, total: 2, sold: 2,
      reservations: [
        { orderId: 'a', state: 'CONFIRMED', quantity: 1, expiresAtMs: NOW - 1000 },
        { orderId: 'b', state: 'CONFIRMED', quantity: 1, expiresAtMs: NOW - 1000 },
        { orderId: 'c', state: 'RELEASED', quantity: 1, expiresAtMs: NOW - 1000 },
      ],
    },
  };
}

const rules = (f: DropFacts) => auditDrop(f, options).violations.map((v) => v.rule).sort();

describe('auditDrop', () => {
  it('passes a consistent drop and summarises it', () => {
    const { summary, violations } = auditDrop(cleanDrop(), options);
    expect(violations).toEqual([]);
    expect(summary).toMatchObject({ soldUnits: 2, succeededPayments: 2, heldUnits: 0, orders: { confirmed: 2, declined: 1 } });
  });

  it('flags an oversold drop and every mismatch it causes', () => {
    const f = cleanDrop();
    f.orders[2] = { ...f.orders[2]!, status: 'confirmed' };
    f.payments[2] = { orderId: 'c', status: 'succeeded', attempts: 1 };
    expect(rules(f)).toEqual(['ledger_mismatch', 'oversold', 'redis_sold_mismatch', 'reservation_state_mismatch']);
  });

  it('flags a double charge, a missing charge and a charge on a failed order', () => {
    const f = cleanDrop();
    f.payments = [
      { orderId: 'a', status: 'succeeded', attempts: 1 },
      { orderId: 'a', status: 'succeeded', attempts: 1 },
      { orderId: 'c', status: 'succeeded', attempts: 1 },
    ];
    expect(rules(f)).toEqual(['charge_count', 'charge_count', 'charged_but_not_sold']);
  });

  it('a refunded charge is not a charge: fine on a failed order, missing on a confirmed one', () => {
    const f = cleanDrop();
    f.payments = [
      { orderId: 'a', status: 'succeeded', attempts: 1, refunded: true },
      { orderId: 'b', status: 'succeeded', attempts: 1 },
      { orderId: 'c', status: 'succeeded', attempts: 1, refunded: true },
    ];
    expect(rules(f)).toEqual(['charge_count']);
  });

  it('flags a MySQL sold count (the oversell guard) that disagrees with the confirmed orders', () => {
    expect(rules({ ...cleanDrop(), mysqlSoldUnits: 2 })).toEqual([]);
    expect(rules({ ...cleanDrop(), mysqlSoldUnits: 1 })).toEqual(['mysql_sold_units_mismatch']);
  });

  it('flags a reservation held past its expiry and Redis stock that does not add up', () => {
    const f = cleanDrop();
    f.totalStock = 3;
    f.redis = { ...f.redis!, total: 3, stock: 1, reservations: [...f.redis!.reservations, { orderId: 'd', state: 'RESERVED', quantity: 1, expiresAtMs: NOW - 60_000 }] };
    expect(rules(f)).toEqual(['redis_stock_mismatch', 'stale_reservation']);
  });

  it('tolerates open orders and reservations inside their window, but not past it', () => {
    const f = cleanDrop();
    f.orders.push({ id: 'e', status: 'reserved', quantity: 1, createdAtMs: NOW - 2000 });
    expect(rules(f)).toEqual([]);
    f.orders.push({ id: 'f', status: 'pending', quantity: 1, createdAtMs: NOW - 10 * 60_000 });
    expect(rules(f)).toEqual(['order_not_final']);
  });

  it('skips the Redis rules for a drop whose inventory was never initialised', () => {
    const f = { ...cleanDrop(), status: 'cancelled', orders: [], payments: [], ledgerSoldUnits: 0, redis: null };
    expect(auditDrop(f, options)).toMatchObject({ violations: [], summary: { redisStock: null, heldUnits: null } });
  });
});
