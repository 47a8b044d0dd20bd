import {
  ActivityFailure, ApplicationFailure, CancellationScope, allHandlersFinished, condition, getExternalWorkflowHandle,
  isCancellation, patched, proxyActivities, proxyLocalActivities, setHandler, TimeoutFailure, workflowInfo,
} from '@temporalio/workflow';
import type { OrderActivities, OrderResult, OrderStatus, OrderWorkflowInput, ReservationOutcome } from './order-types';
import {
  dropSoldOutSignal, dropStockReopenedSignal, orderReservationUpdate, orderStatusQuery, workflowIds,
} from './shared';

// Reservation TTL beyond the payment timeout: reconciliation only expires reservations a live workflow
// can no longer confirm.
const RESERVATION_GRACE_MS = 120_000;
// Server-side backstop past the payment deadline: an attempt that is still alive has aborted its charge by then
// (the activity enforces the deadline itself), so a timeout here never races a charge that could still land.
const PAYMENT_BACKSTOP_MS = 5_000;
const FINAL_FAILURES = ['sold_out', 'not_enough_stock', 'per_user_limit_reached', 'payment_declined', 'payment_timeout'];
/**
 * Orders started from this version on refund what they do not sell: a charge whose answer came too late is
 * looked up before the order expires, and a charge the order ends without selling is refunded (or voided).
 * Orders recorded before it replay without the marker and keep the old path (workflows/test/fixtures).
 */
export const REFUND_UNSOLD_PATCH = 'refund-unsold-charges';

// Inventory and MySQL steps are short and idempotent: local activities keep them off extra server round
// trips, which is what lets the endpoint answer "reserved" fast.
const local = proxyLocalActivities<OrderActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '100 milliseconds', maximumInterval: '2 seconds', nonRetryableErrorTypes: FINAL_FAILURES },
});

/** The application failure type behind an activity failure (`sold_out`, `payment_declined`, …). */
function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  if (err instanceof ApplicationFailure) return err.type ?? undefined;
  return undefined;
}

/** `available` of a not_enough_stock refusal (the units still left), from the failure's details. */
function availableUnits(err: unknown): number | undefined {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  const first = failure instanceof ApplicationFailure ? (failure.details?.[0] as { available?: unknown } | undefined) : undefined;
  return typeof first?.available === 'number' ? first.available : undefined;
}

/**
 * One order: reserve → pay → confirm, as a saga. The release is registered before the reserve (a reserve
 * that timed out may still have taken stock), and compensations run even when the workflow is cancelled.
 * Every side effect is keyed on the order id / workflow id, never the run id.
 */
export async function orderWorkflow(input: OrderWorkflowInput): Promise<OrderResult> {
  const { orderId, userId, dropId } = input;
  let status: OrderStatus = 'pending';
  let outcome: ReservationOutcome | undefined;
  setHandler(orderStatusQuery, () => status);
  setHandler(orderReservationUpdate, async () => {
    await condition(() => outcome !== undefined);
    return outcome!;
  });

  // No workflow timer for the payment timeout: the activity aborts its own charge at `deadlineMs` and fails
  // with `payment_timeout` (one timer fewer per order: two history events and a timer task on the server).
  const payments = proxyActivities<OrderActivities>({
    scheduleToCloseTimeout: input.paymentTimeoutMs + PAYMENT_BACKSTOP_MS,
    heartbeatTimeout: '2 seconds', // how fast a dead worker's attempt is retried, and cancellation reaches a charge
    cancellationType: 'WAIT_CANCELLATION_COMPLETED', // never compensate while a charge may still land
    retry: { initialInterval: '200 milliseconds', maximumInterval: '2 seconds', nonRetryableErrorTypes: FINAL_FAILURES },
  });

  const compensations: (() => Promise<unknown>)[] = [];
  const startedAtMs = workflowInfo().startTime.getTime();
  const refundsUnsold = patched(REFUND_UNSOLD_PATCH);
  const chargeKey = `${workflowInfo().workflowId}:charge`;
  try {
    compensations.push(async () => {
      const { reopened } = await local.releaseReservation({ orderId, userId, dropId });
      if (reopened) await signalDrop(dropId, 'reopened');
    });
    await local.reserveInventory({
      orderId, userId, dropId, quantity: input.quantity, perUserLimit: input.perUserLimit,
      expiresAtMs: Date.now() + input.paymentTimeoutMs + RESERVATION_GRACE_MS,
    });
    status = 'reserved';
    outcome = { orderId, status: 'reserved' };

    // Registered before the charge: whatever ends this order unsold (timeout, refused confirm, cancellation)
    // refunds a charge that succeeded, or voids the key so a charge still in flight cannot land.
    if (refundsUnsold) compensations.push(() => local.refundPayment({ orderId, userId, dropId, idempotencyKey: chargeKey }));

    // The deadline covers every attempt (Date.now() is the deterministic workflow-task time).
    try {
      await payments.chargePayment({
        orderId, userId, idempotencyKey: chargeKey,
        amountMinor: input.amountMinor, currency: input.currency, deadlineMs: Date.now() + input.paymentTimeoutMs,
      });
    } catch (err) {
      // The backstop fired (no live attempt answered): no attempt can still be charging, so this is a timeout too.
      const timedOut = (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) || failureType(err) === 'payment_timeout';
      if (!timedOut) throw err;
      // Never expire blindly: the charge may have been taken and only its answer lost (worker crash, MySQL stall).
      if (!refundsUnsold || (await local.lookUpPayment({ orderId, userId, idempotencyKey: chargeKey })).state !== 'succeeded') {
        throw ApplicationFailure.nonRetryable('payment timed out', 'payment_timeout');
      }
    }
    status = 'paid';

    const { soldOut } = await local.confirmOrder({ orderId, userId, dropId, quantity: input.quantity, startedAtMs });
    status = 'confirmed';
    if (soldOut) await signalDrop(dropId, 'sold_out');
    await condition(allHandlersFinished);
    return { orderId, status };
  } catch (err) {
    const reason = isCancellation(err) ? 'cancelled' : (failureType(err) ?? 'error');
    const finalStatus = finalStatusFor(reason);
    // The update caller learns the refusal at once; the cleanup below runs regardless of cancellation.
    const available = availableUnits(err);
    outcome ??= { orderId, status: 'rejected', reason, ...(available === undefined ? {} : { available }) };
    await CancellationScope.nonCancellable(async () => {
      for (const compensate of compensations.reverse()) await compensate();
      await local.finishOrder({ orderId, userId, dropId, status: finalStatus, reason });
    });
    status = finalStatus;
    await condition(allHandlersFinished);
    if (isCancellation(err)) throw err;
    return { orderId, status, reason };
  }
}

function finalStatusFor(reason: string): OrderStatus {
  if (reason === 'payment_declined') return 'declined';
  if (reason === 'payment_timeout') return 'expired';
  if (reason === 'cancelled') return 'cancelled';
  return 'failed'; // sold_out, not_enough_stock, per_user_limit_reached, unexpected errors
}

/** Tells the drop lifecycle workflow; a drop without a running workflow (tests, ended drops) is fine. */
async function signalDrop(dropId: number, event: 'sold_out' | 'reopened') {
  try {
    await getExternalWorkflowHandle(workflowIds.dropLifecycle(dropId)).signal(
      event === 'sold_out' ? dropSoldOutSignal : dropStockReopenedSignal,
    );
  } catch {
    // The drop workflow is gone or never ran; reconciliation and the controller still see Redis.
  }
}
