import { ApplicationFailure } from '@temporalio/activity';
import { dropKeys, OPEN_ORDER_STATUSES, pushToUser, recordEvent, recordEvents, type Knex, type Logger, type Redis } from '@livedrop/common';
import type { ClaimedOrder, ConfirmOutcome, OrderActivities, OrderBatchActivities } from '@livedrop/workflows';
import { createInventory, InventoryError } from '../inventory';
import { createRepos } from '../repos';
import { CONFIRMED_COUNTS_TTL_S, LATENCY_SAMPLES } from './order-activities';

export interface OrderBatchActivityDeps {
  knex: Knex;
  redis: Redis;
  logger: Logger;
  /** The one-order activities: the batch reuses their reserve, refund and release (the same guarantees). */
  orders: OrderActivities;
}

/** Sale refusals that end one order of the batch (the others commit). */
const SALE_REFUSALS = ['order_not_confirmable', 'oversell_refused', 'drop_cancelled'];

/**
 * The group-commit saga's activities. Each is idempotent: a local activity runs again whenever the workflow
 * task that ran it is retried (a worker crash), so every step re-checks MySQL and Redis state first.
 */
export function createOrderBatchActivities({ knex, redis, logger, orders }: OrderBatchActivityDeps): OrderBatchActivities {
  const inventory = createInventory(redis);
  const repos = createRepos(knex);

  /** One order's sale inside the batch transaction (a savepoint): true when confirmed now, false when already. */
  async function sellOne(trx: Knex.Transaction, dropId: number, o: { orderId: string; userId: number; quantity: number }) {
    if (!(await repos.orders.moveStatus(o.orderId, OPEN_ORDER_STATUSES, 'confirmed', { trx }))) {
      const status = await repos.orders.statusOf(o.orderId, trx);
      if (status === 'confirmed') return false;
      throw ApplicationFailure.nonRetryable(`order ${o.orderId} is ${status ?? 'missing'}`, 'order_not_confirmable');
    }
    // MySQL has the last word (stale Redis, cancelled drop): the refusal rolls back this order only.
    const refusal = await repos.drops.sellWithinStock(dropId, o.quantity, trx);
    if (refusal) throw ApplicationFailure.nonRetryable(`drop ${dropId} refused the sale of order ${o.orderId}`, refusal);
    await repos.ledger.recordSales([{ dropId, orderId: o.orderId, quantity: o.quantity }], trx);
    await recordEvent(trx, {
      type: 'order.confirmed', aggregateType: 'order', aggregateId: o.orderId,
      payload: { orderId: o.orderId, userId: o.userId, dropId, quantity: o.quantity },
    });
    return true;
  }

  /**
   * The common case in a handful of statements whatever the batch size: every order still open and the drop able
   * to sell them all. Anything else (a retry that finds some confirmed, a drop short of units or cancelled) is
   * left to the per-order path (false), which decides each order on its own.
   */
  async function sellAllAtOnce(
    trx: Knex.Transaction, dropId: number, paid: { orderId: string; userId: number; quantity: number }[],
    outcomes: ConfirmOutcome[], now: typeof paid,
  ): Promise<boolean> {
    const ids = paid.map((o) => o.orderId);
    const open = await repos.orders.lockOpen(ids, OPEN_ORDER_STATUSES, trx);
    if (open.length !== paid.length) return false;
    const total = paid.reduce((sum, o) => sum + o.quantity, 0);
    if (await repos.drops.sellWithinStock(dropId, total, trx)) return false; // refused for the whole batch: decide one by one
    await repos.orders.confirmAll(ids, trx);
    await repos.ledger.recordSales(paid.map((o) => ({ dropId, orderId: o.orderId, quantity: o.quantity })), trx);
    await recordEvents(trx, paid.map((o) => ({
      type: 'order.confirmed' as const, aggregateType: 'order', aggregateId: o.orderId,
      payload: { orderId: o.orderId, userId: o.userId, dropId, quantity: o.quantity },
    })));
    for (const o of paid) {
      outcomes.push({ orderId: o.orderId, confirmed: true });
      now.push(o);
    }
    return true;
  }

  return {
    async claimOrders({ sagaId, dropId, orders: batch, expiresAtMs }) {
      const ids = batch.map((o) => o.orderId);
      const rows = await repos.orders.claimForSaga(ids, sagaId);
      return Promise.all(batch.map(async (o): Promise<ClaimedOrder> => {
        const row = rows.get(o.orderId);
        if (!row || row.saga_id !== sagaId) return { orderId: o.orderId, state: 'not_ours' };
        // Reserved, paid or confirmed: the gateway's hold (or this saga's earlier run) stands.
        if (row.status === 'reserved' || row.status === 'paid' || row.status === 'confirmed') return { orderId: o.orderId, state: 'held' };
        if (row.status !== 'pending') return { orderId: o.orderId, state: 'refused', reason: row.failure_reason ?? row.status };
        // Pending: the gateway never held it (it stopped, or Redis had lost the drop) — hold it now.
        try {
          await orders.reserveInventory({ orderId: o.orderId, userId: o.userId, dropId, quantity: o.quantity, perUserLimit: o.perUserLimit, expiresAtMs });
          return { orderId: o.orderId, state: 'held' };
        } catch (err) {
          if (err instanceof ApplicationFailure && err.nonRetryable && err.type) return { orderId: o.orderId, state: 'refused', reason: err.type };
          throw err;
        }
      }));
    },

    async confirmOrders({ dropId, startedAtMs, orders: paid }) {
      const outcomes: ConfirmOutcome[] = [];
      const now: typeof paid = [];
      await knex.transaction(async (trx) => {
        // Every sale of the batch raises the drop's sold count: take that row's lock first, so concurrent batches
        // of one drop queue behind each other instead of deadlocking half way (which would void the savepoints).
        await repos.drops.lock(dropId, trx);
        if (await sellAllAtOnce(trx, dropId, paid, outcomes, now)) return;
        for (const o of paid) {
          try {
            if (await trx.transaction((sp) => sellOne(sp, dropId, o))) now.push(o);
            outcomes.push({ orderId: o.orderId, confirmed: true });
          } catch (err) {
            if (!(err instanceof ApplicationFailure && err.type && SALE_REFUSALS.includes(err.type))) throw err;
            outcomes.push({ orderId: o.orderId, confirmed: false, reason: err.type });
          }
        }
      });
      if (outcomes.some((o) => !o.confirmed && o.reason === 'oversell_refused')) {
        // Redis let a sold unit be reserved: it is stale. The next reserve rebuilds it from MySQL first.
        await inventory.invalidate(dropId);
        logger.error({ dropId }, 'MySQL refused an oversell in a batch; Redis inventory invalidated');
      }
      let soldOut = false;
      await Promise.all(outcomes.filter((o) => o.confirmed).map(async ({ orderId }) => {
        try {
          const r = await inventory.confirm(dropId, orderId);
          if (r.soldOut && r.confirmedNow) soldOut = true;
        } catch (err) {
          // MySQL holds the sale; reconciliation brings Redis back in line.
          if (!(err instanceof InventoryError)) throw err;
          logger.error({ err: err.message, orderId, dropId }, 'redis confirm failed after MySQL commit');
        }
      }));
      if (now.length > 0) {
        const k = dropKeys(dropId);
        // Confirm latency from acceptance (what the shopper waited), for the admission controller's closed loop.
        const latencies = now.map((o) => String(Math.max(0, Date.now() - (o.acceptedAtMs ?? startedAtMs))));
        // Per-second confirmations: the admission controller bounds admission by the pipeline's sustained rate.
        await redis.multi()
          .lPush(k.ordersLatency, latencies)
          .lTrim(k.ordersLatency, 0, LATENCY_SAMPLES - 1)
          .hIncrBy(k.ordersConfirmed, String(Math.floor(Date.now() / 1000)), now.length)
          .expire(k.ordersConfirmed, CONFIRMED_COUNTS_TTL_S)
          .exec();
        await Promise.all(now.map((o) => pushToUser(redis, o.userId, { type: 'order_status', orderId: o.orderId, status: 'confirmed' })));
      }
      return { outcomes, soldOut };
    },

    async abandonOrder({ orderId, userId, dropId, chargeKey, status, reason }) {
      // Final first: from here no confirm can land (a sale only moves an open order), so giving the charge and
      // the units back is safe. A sale MySQL already holds is never undone.
      await orders.finishOrder({ orderId, userId, dropId, status, reason });
      if ((await repos.orders.statusOf(orderId)) === 'confirmed') return { reopened: false };
      await orders.refundPayment({ orderId, userId, dropId, idempotencyKey: chargeKey });
      const { reopened } = await orders.releaseReservation({ orderId, userId, dropId });
      return { reopened };
    },
  };
}
