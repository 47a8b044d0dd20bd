import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  dropKeys, OPEN_ORDER_STATUSES, pushToUser, recordEvent, RUNNING_DROP_STATUSES, UNPAID_ORDER_STATUSES,
  type DropStatus, type Knex, type Logger, type Redis,
} from '@livedrop/common';
import type { OrderActivities, OrderStatus } from '@livedrop/workflows';
import { createInventory, InventoryError, rebuildInventoryFromMysql } from '../inventory';
import type { PaymentProvider } from '../payments';
import { createRepos } from '../repos';

export interface OrderActivityDeps {
  knex: Knex;
  redis: Redis;
  payments: PaymentProvider;
  logger: Logger;
}

export const LATENCY_SAMPLES = 200; // the controller reads recent confirm latencies; older ones are trimmed
export const CONFIRMED_COUNTS_TTL_S = 3600; // the controller prunes old seconds while it ticks; this clears a finished drop
const HEARTBEAT_EVERY_MS = 500; // fast charges never heartbeat; slow ones learn of a timeout quickly

/** Drops whose orders may still reserve: on sale, or sold out with units that may come back. */
const RESERVABLE_DROP_STATUSES: readonly DropStatus[] = RUNNING_DROP_STATUSES;

/** Failures no retry can fix become non-retryable with the inventory code as their type. */
const FINAL_INVENTORY_CODES = ['sold_out', 'not_enough_stock', 'per_user_limit_reached', 'reservation_released'];

/**
 * The order workflow's activities. Every one is idempotent per order: Temporal may run them again after
 * a timeout, a worker crash or a replayed local activity.
 */
export function createOrderActivities({ knex, redis, payments, logger }: OrderActivityDeps): OrderActivities {
  const inventory = createInventory(redis);
  const { orders, drops, ledger } = createRepos(knex);

  const pushStatus = (userId: number, orderId: string, status: OrderStatus, reason?: string) =>
    pushToUser(redis, userId, { type: 'order_status', orderId, status, ...(reason ? { reason } : {}) });

  /** The sale in MySQL, one transaction: order confirmed, sold count raised within the stock, ledger, event. */
  const confirmInMysql = (input: Parameters<OrderActivities['confirmOrder']>[0]) => knex.transaction(async (trx) => {
    if (!(await orders.moveStatus(input.orderId, OPEN_ORDER_STATUSES, 'confirmed', { trx }))) {
      const status = await orders.statusOf(input.orderId, trx);
      if (status === 'confirmed') return false; // a retry: MySQL already holds the sale
      throw ApplicationFailure.nonRetryable(`order ${input.orderId} is ${status ?? 'missing'}`, 'order_not_confirmable');
    }
    // The last word on overselling is MySQL's: a stale Redis (older snapshot, lagging replica) may have
    // let this order reserve a unit that is already sold; and a drop cancelled mid-payment sells nothing.
    // Refused here, the sale rolls back and the workflow refunds the charge and releases the reservation.
    const refusal = await drops.sellWithinStock(input.dropId, input.quantity, trx);
    if (refusal) throw ApplicationFailure.nonRetryable(`drop ${input.dropId} refused the sale of order ${input.orderId}`, refusal);
    await ledger.recordSales([{ dropId: input.dropId, orderId: input.orderId, quantity: input.quantity }], trx);
    await recordEvent(trx, {
      type: 'order.confirmed', aggregateType: 'order', aggregateId: input.orderId,
      payload: { orderId: input.orderId, userId: input.userId, dropId: input.dropId, quantity: input.quantity },
    });
    return true;
  });

  async function reserveOnce(input: Parameters<OrderActivities['reserveInventory']>[0]) {
    return inventory.reserve(input.dropId, input);
  }

  /** An order of a drop that is over (ended, cancelled) or not open yet holds nothing: a late retry included. */
  async function refuseIfDropNotReservable(dropId: number) {
    const status = await drops.statusOf(dropId);
    if (!status || !RESERVABLE_DROP_STATUSES.includes(status)) {
      throw ApplicationFailure.nonRetryable(`drop ${dropId} is ${status ?? 'missing'}, not on sale`, 'drop_not_live');
    }
  }

  return {
    async reserveInventory(input) {
      await refuseIfDropNotReservable(input.dropId);
      let result;
      try {
        try {
          result = await reserveOnce(input);
        } catch (err) {
          if (!(err instanceof InventoryError) || err.code !== 'inventory_not_initialised') throw err;
          // Redis lost the drop: rebuild from MySQL before selling anything more.
          const rebuilt = await rebuildInventoryFromMysql(knex, inventory, input.dropId);
          logger.warn({ dropId: input.dropId, ...rebuilt }, 'inventory rebuilt from MySQL before a reserve');
          result = await reserveOnce(input);
        }
      } catch (err) {
        if (err instanceof InventoryError && FINAL_INVENTORY_CODES.includes(err.code)) {
          // `available` travels in the details: the shopper is told how many units they could still ask for.
          throw ApplicationFailure.nonRetryable(err.message, err.code, ...(err.available === undefined ? [] : [{ available: err.available }]));
        }
        throw err;
      }
      if (await orders.moveStatus(input.orderId, ['pending'], 'reserved')) await pushStatus(input.userId, input.orderId, 'reserved');
      return { stockLeft: result.stockLeft };
    },

    async chargePayment(input) {
      // A drop cancelled after this order reserved charges nobody (its compensations release and void).
      if ((await orders.dropStatusOf(input.orderId)) === 'cancelled') throw ApplicationFailure.nonRetryable('the drop was cancelled', 'drop_cancelled');
      const ctx = Context.current();
      let beat: NodeJS.Timeout | undefined;
      const heartbeat = () => {
        ctx.heartbeat();
        beat = setTimeout(heartbeat, HEARTBEAT_EVERY_MS);
      };
      // A local activity (the group-commit saga's charge) cannot heartbeat: its own deadline stops it.
      if (!ctx.info.isLocal) beat = setTimeout(heartbeat, HEARTBEAT_EVERY_MS);
      // The payment deadline lives here, not in a workflow timer: this attempt aborts its own charge, so
      // `payment_timeout` is only reported once nothing can still be taken. A retry that starts past the
      // deadline still answers with a charge an earlier attempt took (the provider checks the key first).
      const deadline = AbortSignal.timeout(Math.max(0, input.deadlineMs - Date.now()));
      let result;
      try {
        result = await payments.charge(
          { idempotencyKey: input.idempotencyKey, amountMinor: input.amountMinor, currency: input.currency, orderId: input.orderId },
          { signal: AbortSignal.any([ctx.cancellationSignal, deadline]) },
        );
      } catch (err) {
        if (deadline.aborted && !ctx.cancellationSignal.aborted) {
          throw ApplicationFailure.nonRetryable('payment timed out', 'payment_timeout');
        }
        throw err;
      } finally {
        clearTimeout(beat);
      }
      if (result.status === 'declined') {
        throw ApplicationFailure.nonRetryable(`payment declined (${result.declineCode ?? 'declined'})`, 'payment_declined', {
          declineCode: result.declineCode, paymentId: result.paymentId,
        });
      }
      if (await orders.moveStatus(input.orderId, UNPAID_ORDER_STATUSES, 'paid')) await pushStatus(input.userId, input.orderId, 'paid');
      return { paymentId: result.paymentId };
    },

    async confirmOrder(input) {
      const confirmedNow = await confirmInMysql(input).catch(async (err: unknown) => {
        if (err instanceof ApplicationFailure && err.type === 'oversell_refused') {
          // Redis let a sold unit be reserved: it is stale. The next reserve rebuilds it from MySQL first.
          await inventory.invalidate(input.dropId);
          logger.error({ orderId: input.orderId, dropId: input.dropId }, 'MySQL refused an oversell; Redis inventory invalidated');
        }
        throw err;
      });
      let soldOut = false;
      try {
        const redisResult = await inventory.confirm(input.dropId, input.orderId);
        soldOut = redisResult.soldOut && redisResult.confirmedNow;
      } catch (err) {
        // MySQL holds the sale; reconciliation brings Redis back in line.
        if (!(err instanceof InventoryError)) throw err;
        logger.error({ err: err.message, orderId: input.orderId, dropId: input.dropId }, 'redis confirm failed after MySQL commit');
      }
      if (confirmedNow) {
        const k = dropKeys(input.dropId);
        // Per-second confirmations: the admission controller bounds admission by the pipeline's sustained rate.
        await redis.multi()
          .lPush(k.ordersLatency, String(Math.max(0, Date.now() - input.startedAtMs)))
          .lTrim(k.ordersLatency, 0, LATENCY_SAMPLES - 1)
          .hIncrBy(k.ordersConfirmed, String(Math.floor(Date.now() / 1000)), 1)
          .expire(k.ordersConfirmed, CONFIRMED_COUNTS_TTL_S)
          .exec();
        await pushStatus(input.userId, input.orderId, 'confirmed');
      }
      return { soldOut };
    },

    async releaseReservation({ orderId, userId, dropId }) {
      let released = false;
      try {
        released = (await inventory.release(dropId, orderId, userId)).released;
      } catch (err) {
        if (err instanceof InventoryError && err.code === 'reservation_confirmed') return { released: false, reopened: false };
        throw err;
      }
      if (!released) return { released, reopened: false };
      return { released, reopened: (await drops.statusOf(dropId)) === 'sold_out' };
    },

    async lookUpPayment({ orderId, userId, idempotencyKey }) {
      const { state } = await payments.status(idempotencyKey);
      if (state === 'succeeded' && (await orders.moveStatus(orderId, UNPAID_ORDER_STATUSES, 'paid'))) await pushStatus(userId, orderId, 'paid');
      return { state };
    },

    async refundPayment({ orderId, userId, dropId, idempotencyKey }) {
      const refund = await payments.refund({ idempotencyKey, orderId }, { reason: 'order_not_sold' });
      if (refund.refundedNow) {
        await recordEvent(knex, {
          type: 'order.refunded', aggregateType: 'order', aggregateId: orderId,
          payload: { orderId, userId, dropId, paymentId: refund.paymentId },
        });
        logger.warn({ orderId, dropId, paymentId: refund.paymentId }, 'charge of an unsold order refunded');
      }
      return { state: refund.state, refundedNow: refund.refundedNow };
    },

    async finishOrder({ orderId, userId, dropId, status, reason }) {
      const changed = await knex.transaction(async (trx) => {
        if (!(await orders.moveStatus(orderId, OPEN_ORDER_STATUSES, status, { trx, reason }))) return false;
        await recordEvent(trx, {
          type: 'order.failed', aggregateType: 'order', aggregateId: orderId, payload: { orderId, userId, dropId, status, reason },
        });
        return true;
      });
      if (changed) await pushStatus(userId, orderId, status, reason);
    },
  };
}
