import { CancellationScope, isCancellation, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { OrderActivities } from './order-types';
import { RESERVATION_GRACE_MS, type BatchOrder, type ClaimedOrder, type OrderBatchActivities, type OrderBatchInput, type OrderBatchResult } from './order-batch-types';
import { failureType, FINAL_ORDER_FAILURES, finalStatusFor, paymentTimedOut, signalDrop } from './order-saga-helpers';

// Past the latest payment deadline: every attempt has aborted its own charge by then.
const PAYMENT_BACKSTOP_MS = 5_000;

const local = proxyLocalActivities<OrderBatchActivities & Pick<OrderActivities, 'lookUpPayment'>>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '100 milliseconds', maximumInterval: '2 seconds', nonRetryableErrorTypes: FINAL_ORDER_FAILURES },
});

/**
 * Group commit: the saga of every order the gateway accepted within one short window for one drop. The
 * gateway already holds each order's units and answered "reserved"; this saga owns the rest. Each order keeps
 * its own payment key, deadline, compensation and status — charges run side by side and one order's failure
 * never touches another — while the sales of all paid orders commit in one MySQL transaction.
 *
 * Every step is a local activity: the whole batch usually completes in one workflow task (the server sees
 * a start, one task and the markers), which is what lets one local Temporal server confirm ≥ 100 orders/s.
 * An order already claimed by another saga (a sweep raced the gateway's start) is left alone.
 */
export async function orderBatchWorkflow(batch: OrderBatchInput): Promise<OrderBatchResult> {
  // An order listed twice (concurrent twins of one request) is one order.
  const input = { ...batch, orders: [...new Map(batch.orders.map((o) => [o.orderId, o])).values()] };
  const { dropId } = input;
  const sagaId = workflowInfo().workflowId;
  const startedAtMs = workflowInfo().startTime.getTime();
  const latestTimeoutMs = Math.max(...input.orders.map((o) => o.paymentTimeoutMs));
  // No heartbeats in a local activity: each charge enforces its own deadline and aborts itself.
  const payments = proxyLocalActivities<Pick<OrderActivities, 'chargePayment'>>({
    scheduleToCloseTimeout: latestTimeoutMs + PAYMENT_BACKSTOP_MS,
    retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', nonRetryableErrorTypes: FINAL_ORDER_FAILURES },
  });

  const results: OrderBatchResult['orders'] = {};
  const unsold: { order: BatchOrder; reason: string }[] = [];
  const byId = new Map(input.orders.map((o) => [o.orderId, o]));
  const owned: BatchOrder[] = [];
  let soldOut = false;
  let cancellation: unknown;

  /** undefined when paid, else why not. A charge whose answer came too late is looked up before it expires. */
  async function pay(order: BatchOrder): Promise<string | undefined> {
    try {
      await payments.chargePayment({
        orderId: order.orderId, userId: order.userId, idempotencyKey: order.chargeKey,
        amountMinor: order.amountMinor, currency: order.currency, deadlineMs: Date.now() + order.paymentTimeoutMs,
      });
      return undefined;
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (!paymentTimedOut(err)) return failureType(err) ?? 'error';
      const { state } = await local.lookUpPayment({ orderId: order.orderId, userId: order.userId, idempotencyKey: order.chargeKey });
      return state === 'succeeded' ? undefined : 'payment_timeout';
    }
  }

  try {
    // Short and decisive: once claimed, this saga must know which orders it owns, even when cancelled.
    const claimed: ClaimedOrder[] = await CancellationScope.nonCancellable(() => local.claimOrders({
      sagaId, dropId, orders: input.orders, expiresAtMs: Date.now() + latestTimeoutMs + RESERVATION_GRACE_MS,
    }));
    const held: BatchOrder[] = [];
    for (const c of claimed) {
      const order = byId.get(c.orderId)!;
      if (c.state === 'not_ours') continue;
      owned.push(order);
      if (c.state === 'held') held.push(order);
      else unsold.push({ order, reason: c.reason });
    }

    const charged = await Promise.all(held.map(async (order) => ({ order, failure: await pay(order) })));
    const paid = charged.filter((c) => c.failure === undefined).map((c) => c.order);
    for (const c of charged) if (c.failure !== undefined) unsold.push({ order: c.order, reason: c.failure });

    if (paid.length > 0) {
      // Never interrupted half way: a cancellation must not leave a sale without its saga knowing of it.
      const confirmed = await CancellationScope.nonCancellable(() => local.confirmOrders({
        dropId, startedAtMs,
        orders: paid.map((o) => ({ orderId: o.orderId, userId: o.userId, quantity: o.quantity, acceptedAtMs: o.acceptedAtMs })),
      }));
      soldOut = confirmed.soldOut;
      for (const outcome of confirmed.outcomes) {
        if (outcome.confirmed) results[outcome.orderId] = { status: 'confirmed' };
        else unsold.push({ order: byId.get(outcome.orderId)!, reason: outcome.reason });
      }
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    cancellation = err;
    // Every owned order not yet decided ends cancelled (abandonOrder leaves a confirmed one alone).
    const decided = new Set([...Object.keys(results), ...unsold.map((u) => u.order.orderId)]);
    for (const order of owned) if (!decided.has(order.orderId)) unsold.push({ order, reason: 'cancelled' });
  }

  await CancellationScope.nonCancellable(async () => {
    const abandoned = await Promise.all(unsold.map(({ order, reason }) => local.abandonOrder({
      orderId: order.orderId, userId: order.userId, dropId, chargeKey: order.chargeKey, status: finalStatusFor(reason), reason,
    })));
    if (soldOut) await signalDrop(dropId, 'sold_out');
    if (abandoned.some((a) => a.reopened)) await signalDrop(dropId, 'reopened');
  });
  for (const { order, reason } of unsold) results[order.orderId] = { status: finalStatusFor(reason), reason };
  if (cancellation) throw cancellation;
  return { orders: results };
}
