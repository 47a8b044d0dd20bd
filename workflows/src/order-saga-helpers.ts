// Pieces the order sagas share. No I/O here: the workflow bundle imports this file.
import { ActivityFailure, ApplicationFailure, getExternalWorkflowHandle, TimeoutFailure } from '@temporalio/workflow';
import type { OrderStatus } from './order-types';
import { dropSoldOutSignal, dropStockReopenedSignal, workflowIds } from './shared';

/** Failures no retry can fix: the order ends with this reason. */
export const FINAL_ORDER_FAILURES = ['sold_out', 'not_enough_stock', 'per_user_limit_reached', 'payment_declined', 'payment_timeout'];

/** The application failure type behind an activity failure (`sold_out`, `payment_declined`, …). */
export function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  if (err instanceof ApplicationFailure) return err.type ?? undefined;
  return undefined;
}

/** A charge that ran out of time: its own deadline, or the server-side backstop behind it. */
export const paymentTimedOut = (err: unknown) =>
  (err instanceof ActivityFailure && err.cause instanceof TimeoutFailure) || failureType(err) === 'payment_timeout';

export function finalStatusFor(reason: string): OrderStatus {
  if (reason === 'payment_declined') return 'declined';
  if (reason === 'payment_timeout') return 'expired';
  if (reason === 'cancelled') return 'cancelled';
  return 'failed'; // sold_out, not_enough_stock, per_user_limit_reached, oversell_refused, unexpected errors
}

/** Tells the drop lifecycle workflow; a drop without a running workflow (tests, ended drops) is fine. */
export async function signalDrop(dropId: number, event: 'sold_out' | 'reopened') {
  try {
    await getExternalWorkflowHandle(workflowIds.dropLifecycle(dropId)).signal(
      event === 'sold_out' ? dropSoldOutSignal : dropStockReopenedSignal,
    );
  } catch {
    // The drop workflow is gone or never ran; reconciliation and the controller still see Redis.
  }
}
