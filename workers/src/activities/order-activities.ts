import { ApplicationFailure, Context } from '@temporalio/activity';
import { dropKeys, pushToUser, recordEvent, type Knex, type Logger, type Redis } from '@livedrop/common';
import type { OrderActivities, OrderStatus } from '@livedrop/workflows';
import { createInventory, InventoryError, rebuildInventoryFromMysql } from '../inventory';
import type { PaymentProvider } from '../payments';

export interface OrderActivityDeps {
  knex: Knex;
  redis: Redis;
  payments: PaymentProvider;
  logger: Logger;
}

export const LATENCY_SAMPLES = 200; // the controller reads recent confirm latencies; older ones are trimmed
export const CONFIRMED_COUNTS_TTL_S = 3600; // the controller prunes old seconds while it ticks; this clears a finished drop
const HEARTBEAT_EVERY_MS = 500; // fast charges never heartbeat; slow ones learn of a timeout quickly
export const OPEN_STATUSES = ['pending', 'reserved', 'paid'];

/**
 * Raises the drop's sold count only while it stays within the stock and the drop is not cancelled (a guarded
 * update: a cancel and a confirm serialise on the drop row). Returns why it refused, or undefined when sold.
 */
export async function sellWithinStock(trx: Knex.Transaction, dropId: number, quantity: number): Promise<'oversell_refused' | 'drop_cancelled' | undefined> {
  const changed = await trx('drops').where({ id: dropId }).whereNot('status', 'cancelled')
    .andWhereRaw('sold_units + ? <= total_stock', [quantity])
    .update({ sold_units: trx.raw('sold_units + ?', [quantity]) });
  if (changed === 1) return undefined;
  const drop = await trx('drops').where({ id: dropId }).first<{ status: string } | undefined>('status');
  return drop?.status === 'cancelled' ? 'drop_cancelled' : 'oversell_refused';
}

/** Drops whose orders may still reserve: on sale, or sold out with units that may come back. */
const RESERVABLE_DROP_STATUSES = ['live', 'sold_out'];

/** Failures no retry can fix become non-retryable with the inventory code as their type. */
const FINAL_INVENTORY_CODES = ['sold_out', 'not_enough_stock', 'per_user_limit_reached', 'reservation_released'];

/**
 * The order workflow's activities. Every one is idempotent per order: Temporal may run them again after
 * a timeout, a worker crash or a replayed local activity.
 */
export function createOrderActivities({ knex, redis, payments, logger }: OrderActivityDeps): OrderActivities {
  const inventory = createInventory(redis);

  const pushStatus = (userId: number, orderId: string, status: OrderStatus, reason?: string) =>
    pushToUser(redis, userId, { type: 'order_status', orderId, status, ...(reason ? { reason } : {}) });

  /** Moves an open order to `to`; false when it was already there or final (a retry). */
  const moveStatus = async (orderId: string, from: string[], to: OrderStatus, trx: Knex | Knex.Transaction = knex, reason?: string) =>
    (await trx('orders').where({ id: orderId }).whereIn('status', from)
      .update({ status: to, updated_at: knex.fn.now(3), ...(reason ? { failure_reason: reason.slice(0, 200) } : {}) })) > 0;

  /** The sale in MySQL, one transaction: order confirmed, sold count raised within the stock, ledger, event. */
  const confirmInMysql = (input: Parameters<OrderActivities['confirmOrder']>[0]) => knex.transaction(async (trx) => {
    if (!(await moveStatus(input.orderId, OPEN_STATUSES, 'confirmed', trx))) {
      const row = await trx('orders').where({ id: input.orderId }).first<{ status: string } | undefined>('status');
      if (row?.status === 'confirmed') return false; // a retry: MySQL already holds the sale
      throw ApplicationFailure.nonRetryable(`order ${input.orderId} is ${row?.status ?? 'missing'}`, 'order_not_confirmable');
    }
    // The last word on overselling is MySQL's: a stale Redis (older snapshot, lagging replica) may have
    // let this order reserve a unit that is already sold; and a drop cancelled mid-payment sells nothing.
    // Refused here, the sale rolls back and the workflow refunds the charge and releases the reservation.
    const refusal = await sellWithinStock(trx, input.dropId, input.quantity);
    if (refusal) throw ApplicationFailure.nonRetryable(`drop ${input.dropId} refused the sale of order ${input.orderId}`, refusal);
    await trx('inventory_ledger')
      .insert({ drop_id: input.dropId, order_id: input.orderId, delta: -input.quantity, reason: 'sale' })
      .onConflict().ignore();
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
    const drop = await knex('drops').where({ id: dropId }).first<{ status: string } | undefined>('status');
    if (!drop || !RESERVABLE_DROP_STATUSES.includes(drop.status)) {
      throw ApplicationFailure.nonRetryable(`drop ${dropId} is ${drop?.status ?? 'missing'}, not on sale`, 'drop_not_live');
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
      if (await moveStatus(input.orderId, ['pending'], 'reserved')) await pushStatus(input.userId, input.orderId, 'reserved');
      return { stockLeft: result.stockLeft };
    },

    async chargePayment(input) {
      // A drop cancelled after this order reserved charges nobody (its compensations release and void).
      const drop = await knex('orders').join('drops', 'drops.id', 'orders.drop_id').where('orders.id', input.orderId)
        .first<{ status: string } | undefined>('drops.status');
      if (drop?.status === 'cancelled') throw ApplicationFailure.nonRetryable('the drop was cancelled', 'drop_cancelled');
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
      if (await moveStatus(input.orderId, ['pending', 'reserved'], 'paid')) await pushStatus(input.userId, input.orderId, 'paid');
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
      const drop = await knex('drops').where({ id: dropId }).first<{ status: string } | undefined>('status');
      return { released, reopened: drop?.status === 'sold_out' };
    },

    async lookUpPayment({ orderId, userId, idempotencyKey }) {
      const { state } = await payments.status(idempotencyKey);
      if (state === 'succeeded' && (await moveStatus(orderId, ['pending', 'reserved'], 'paid'))) await pushStatus(userId, orderId, 'paid');
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
        if (!(await moveStatus(orderId, OPEN_STATUSES, status, trx, reason))) return false;
        await recordEvent(trx, {
          type: 'order.failed', aggregateType: 'order', aggregateId: orderId, payload: { orderId, userId, dropId, status, reason },
        });
        return true;
      });
      if (changed) await pushStatus(userId, orderId, status, reason);
    },
  };
}
