import type { Knex, OrderStatus } from '@livedrop/common';

export interface PaymentRow {
  id: string;
  status: 'succeeded' | 'declined';
  decline_code: string | null;
  refunded_at?: Date | null;
}

export interface NewPayment {
  id: string; orderId: string; idempotencyKey: string; amountMinor: number; currency: string; status: string; declineCode: string | null;
}

/** The `payments` table: one row per idempotency key (unique), refunded at most once (guarded `refunded_at`). */
export function createPaymentsRepo(knex: Knex) {
  return {
    async byKey(idempotencyKey: string): Promise<PaymentRow | undefined> {
      return knex('payments').where({ idempotency_key: idempotencyKey }).first('id', 'status', 'decline_code', 'refunded_at');
    },

    async byId(paymentId: string): Promise<PaymentRow | undefined> {
      return knex('payments').where({ id: paymentId }).first<PaymentRow | undefined>('id', 'status', 'decline_code', 'refunded_at');
    },

    /** Inserts the row unless one with its key exists (then counts the attempt); true when this call inserted it. */
    async insertOnce(p: NewPayment): Promise<boolean> {
      const inserted = await knex.raw(
        `INSERT INTO payments (id, order_id, idempotency_key, provider, amount_minor, currency, status, decline_code)
         VALUES (?, ?, ?, 'sandbox', ?, ?, ?, ?) ON DUPLICATE KEY UPDATE attempts = attempts + 1`,
        [p.id, p.orderId, p.idempotencyKey, p.amountMinor, p.currency, p.status, p.declineCode],
      );
      return (inserted as [{ affectedRows: number }])[0].affectedRows === 1;
    },

    async countAttempt(paymentId: string): Promise<void> {
      await knex('payments').where({ id: paymentId }).increment('attempts', 1);
    },

    /** Sets `refunded_at` once: true only for the caller that moved it from NULL. */
    async markRefunded(paymentId: string, reason: string): Promise<boolean> {
      const changed = await knex('payments').where({ id: paymentId }).whereNull('refunded_at')
        .update({ refunded_at: knex.fn.now(3), refund_reason: reason.slice(0, 64) });
      return changed === 1;
    },

    /** Succeeded, unrefunded charges of the drop's orders that are in one of `orderStatuses`. */
    async unrefundedChargesOf(dropId: number, orderStatuses: readonly OrderStatus[]) {
      return knex('payments as p')
        .join('orders as o', 'o.id', 'p.order_id')
        .where('o.drop_id', dropId)
        .whereIn('o.status', orderStatuses)
        .where('p.status', 'succeeded')
        .whereNull('p.refunded_at')
        .select<{ order_id: string; payment_id: string; order_status: OrderStatus }[]>('o.id as order_id', 'p.id as payment_id', 'o.status as order_status');
    },
  };
}
