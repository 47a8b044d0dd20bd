import { recordEvent, type Knex } from '@livedrop/common';
import type { OrderStatus } from '@livedrop/workflows';

export interface OrderRow {
  id: string;
  user_id: number;
  drop_id: number;
  idempotency_key: string;
  quantity: number;
  amount_minor: number;
  currency: string;
  status: OrderStatus;
  failure_reason: string | null;
  workflow_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface OrderView {
  orderId: string;
  dropId: number;
  quantity: number;
  amountMinor: number;
  currency: string;
  status: OrderStatus;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toOrderView = (row: OrderRow): OrderView => ({
  orderId: row.id,
  dropId: Number(row.drop_id),
  quantity: Number(row.quantity),
  amountMinor: Number(row.amount_minor),
  currency: row.currency,
  status: row.status,
  failureReason: row.failure_reason,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

export interface DropForOrder {
  id: number;
  status: string;
  per_user_limit: number;
  price_minor: number;
  currency: string;
}

const isDuplicateKey = (err: unknown) => (err as { code?: string })?.code === 'ER_DUP_ENTRY';

export function createOrdersRepo(knex: Knex) {
  const byKey = (userId: number, key: string) =>
    knex<OrderRow>('orders').where({ user_id: userId, idempotency_key: key }).first();
  return {
    byKey,
    byId: (orderId: string) => knex<OrderRow>('orders').where({ id: orderId }).first(),

    /** The drop's own price (fixed when it was scheduled); the product's only for drops older than that column. */
    async dropForOrder(dropId: number): Promise<DropForOrder | undefined> {
      return knex('drops')
        .join('products', 'products.id', 'drops.product_id')
        .where('drops.id', dropId)
        .first(
          'drops.id', 'drops.status', 'drops.per_user_limit',
          knex.raw('COALESCE(drops.price_minor, products.price_minor) AS price_minor'),
          knex.raw('COALESCE(drops.currency, products.currency) AS currency'),
        );
    },

    /**
     * Inserts the pending order, or returns the one this (user, key) already made: the unique
     * (user_id, idempotency_key) index decides between concurrent requests, never a read-then-write.
     */
    async insertOrGet(row: Omit<OrderRow, 'status' | 'failure_reason' | 'created_at' | 'updated_at'>): Promise<{ row: OrderRow; created: boolean }> {
      try {
        await knex('orders').insert({ ...row, status: 'pending' });
        // What was just written, without reading it back (one round trip fewer on the accept path).
        const now = new Date();
        return { row: { ...row, status: 'pending', failure_reason: null, created_at: now, updated_at: now }, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const existing = await byKey(row.user_id, row.idempotency_key);
        if (!existing) throw err;
        return { row: existing, created: false };
      }
    },

    /** pending → reserved once the gateway holds the units; false when it already moved on (a twin, its saga). */
    async markReserved(orderId: string): Promise<boolean> {
      return (await knex('orders').where({ id: orderId, status: 'pending' }).update({ status: 'reserved', updated_at: knex.fn.now(3) })) > 0;
    },

    /** A pending order the reserve refused ends failed with the reason (and its order.failed event), once. */
    async failPending(row: OrderRow, reason: string): Promise<void> {
      await knex.transaction(async (trx) => {
        const moved = await trx('orders').where({ id: row.id, status: 'pending' })
          .update({ status: 'failed', failure_reason: reason, updated_at: knex.fn.now(3) });
        if (!moved) return;
        await recordEvent(trx, {
          type: 'order.failed', aggregateType: 'order', aggregateId: row.id,
          payload: { orderId: row.id, userId: Number(row.user_id), dropId: Number(row.drop_id), status: 'failed', reason },
        });
      });
    },

    /** The saga these orders went to; an order some saga already claimed keeps its owner. */
    async markSagaStarted(orderIds: string[], sagaId: string): Promise<void> {
      await knex('orders').whereIn('id', orderIds).whereNull('saga_id').update({ saga_id: sagaId });
    },

    /** Newest first, keyset-paginated on (created_at, id). */
    async listForUser(userId: number, limit: number, after?: { createdAt: Date; id: string }): Promise<OrderRow[]> {
      const q = knex<OrderRow>('orders').where({ user_id: userId });
      if (after) {
        q.andWhere((w) => w.where('created_at', '<', after.createdAt)
          .orWhere((x) => x.where('created_at', '=', after.createdAt).andWhere('id', '<', after.id)));
      }
      return q.orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit);
    },
  };
}

export type OrdersRepo = ReturnType<typeof createOrdersRepo>;
