import { UNPAID_ORDER_STATUSES, type Knex, type OrderStatus } from '@livedrop/common';

type Db = Knex | Knex.Transaction;

export interface OrderClaimRow { id: string; status: OrderStatus; saga_id: string | null; failure_reason: string | null }
export interface UnclaimedOrderRow {
  id: string; user_id: number; drop_id: number; quantity: number; amount_minor: number; currency: string;
  workflow_id: string; per_user_limit: number; created_at: Date;
}
export interface OrderUnitsRow { id: string; user_id: number; quantity: number; status: OrderStatus }

/**
 * The workers' reads and writes of `orders`. Status changes are guarded (`from` statuses): an update that
 * finds the order elsewhere changes nothing and says so, which is what keeps the activities idempotent.
 */
export function createOrdersRepo(knex: Knex) {
  return {
    /** Moves the order to `to` only from one of `from`; false when it was not there (a retry, or already final). */
    async moveStatus(orderId: string, from: readonly OrderStatus[], to: OrderStatus, opts: { reason?: string; trx?: Db } = {}): Promise<boolean> {
      const changed = await (opts.trx ?? knex)('orders').where({ id: orderId }).whereIn('status', from)
        .update({ status: to, updated_at: knex.fn.now(3), ...(opts.reason ? { failure_reason: opts.reason.slice(0, 200) } : {}) });
      return changed > 0;
    },

    /** Confirms every given order (the batch path, after lockOpen saw them all open). */
    async confirmAll(orderIds: string[], trx: Knex.Transaction): Promise<void> {
      await trx('orders').whereIn('id', orderIds).update({ status: 'confirmed', updated_at: knex.fn.now(3) });
    },

    /** Locks the given orders that are still open (FOR UPDATE) and returns their ids. */
    async lockOpen(orderIds: string[], from: readonly OrderStatus[], trx: Knex.Transaction): Promise<string[]> {
      return trx('orders').whereIn('id', orderIds).whereIn('status', from).forUpdate().pluck('id');
    },

    async statusOf(orderId: string, trx?: Db): Promise<OrderStatus | undefined> {
      return (await (trx ?? knex)('orders').where({ id: orderId }).first<{ status: OrderStatus } | undefined>('status'))?.status;
    },

    /** The status, read under a row lock held for the rest of the transaction (a concurrent status change waits). */
    async lockStatus(orderId: string, trx: Knex.Transaction): Promise<OrderStatus | undefined> {
      return (await trx('orders').where({ id: orderId }).forUpdate().first<{ status: OrderStatus } | undefined>('status'))?.status;
    },

    async statusesOf(orderIds: string[]): Promise<{ id: string; status: OrderStatus }[]> {
      return knex('orders').whereIn('id', orderIds).select<{ id: string; status: OrderStatus }[]>('id', 'status');
    },

    async confirmedOfDrop(dropId: number): Promise<{ id: string; quantity: number }[]> {
      return knex('orders').where({ drop_id: dropId, status: 'confirmed' }).select<{ id: string; quantity: number }[]>('id', 'quantity');
    },

    /** The status of the drop the order belongs to. */
    async dropStatusOf(orderId: string): Promise<string | undefined> {
      return (await knex('orders').join('drops', 'drops.id', 'orders.drop_id').where('orders.id', orderId)
        .first<{ status: string } | undefined>('drops.status'))?.status;
    },

    /** Marks the orders as the saga's where no saga has them yet, and returns what the claim needs of each. */
    async claimForSaga(orderIds: string[], sagaId: string): Promise<Map<string, OrderClaimRow>> {
      await knex('orders').whereIn('id', orderIds).whereNull('saga_id').update({ saga_id: sagaId });
      const rows = await knex<OrderClaimRow>('orders').whereIn('id', orderIds).select('id', 'status', 'saga_id', 'failure_reason');
      return new Map(rows.map((r) => [r.id, r]));
    },

    /** Unpaid orders no saga claimed, older than `olderThanMs` (the gateway stopped between insert and start), oldest first. */
    async unclaimedUnpaid(olderThanMs: number, limit: number): Promise<UnclaimedOrderRow[]> {
      return knex('orders').join('drops', 'drops.id', 'orders.drop_id')
        .whereNull('orders.saga_id').whereIn('orders.status', UNPAID_ORDER_STATUSES)
        .whereRaw('orders.created_at < NOW(3) - INTERVAL ? MICROSECOND', [olderThanMs * 1000])
        .orderBy('orders.created_at').limit(limit)
        .select<UnclaimedOrderRow[]>('orders.id', 'orders.user_id', 'orders.drop_id', 'orders.quantity', 'orders.amount_minor',
          'orders.currency', 'orders.workflow_id', 'drops.per_user_limit', 'orders.created_at');
    },

    /** The drop's orders in the given statuses, with their units (inventory rebuild, reconciliation). */
    async unitsOfDrop(dropId: number, statuses: readonly OrderStatus[]): Promise<OrderUnitsRow[]> {
      return knex('orders').where({ drop_id: dropId }).whereIn('status', statuses)
        .select<OrderUnitsRow[]>('id', 'user_id', 'quantity', 'status');
    },

    /** Units of the drop's confirmed orders. */
    async confirmedUnits(dropId: number, trx?: Db): Promise<number> {
      const row = await (trx ?? knex)('orders').where({ drop_id: dropId, status: 'confirmed' }).sum({ qty: 'quantity' }).first();
      return Number(row?.qty ?? 0);
    },
  };
}
