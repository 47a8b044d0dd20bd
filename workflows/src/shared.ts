// Names shared by workflow code, the worker and the clients that start or message workflows.
// No I/O here: workflow bundles import this file.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderStatus, ReservationOutcome } from './order-types';

export const TASK_QUEUE = 'livedrop';

export const workflowIds = {
  /** One lifecycle workflow per drop; the id makes a second start for the same drop impossible. */
  dropLifecycle: (dropId: number | string) => `drop-${dropId}`,
  /** Derived from the user and the Idempotency-Key, so a retried request finds the same workflow. */
  order: (userId: number | string, idempotencyKeyHash: string) => `order-${userId}-${idempotencyKeyHash}`,
};

// Types only (erased before bundling): the statuses are defined once, in common/src/domain/statuses.ts.
import type { DropStatus } from '@livedrop/common';
export type { DropStatus };

// Drop lifecycle messages.
export const cancelDropSignal = defineSignal<[{ reason: string }]>('cancelDrop');
export const endDropEarlySignal = defineSignal<[{ reason: string }]>('endDropEarly');
/** Sent by the order pipeline when stock and held reservations are exhausted. */
export const dropSoldOutSignal = defineSignal('dropSoldOut');
/** Sent when released reservations put units back on sale after a sell-out. */
export const dropStockReopenedSignal = defineSignal('dropStockReopened');
export const rescheduleDropUpdate = defineUpdate<DropStatus, [{ startsAt: string; endsAt: string; prequeueOpensAt: string }]>(
  'rescheduleDrop',
);
export const dropStatusQuery = defineQuery<DropStatus>('dropStatus');

// Order workflow messages.
/** Answers once the reservation is held or refused: the order endpoint replies 202 without waiting for payment. */
export const orderReservationUpdate = defineUpdate<ReservationOutcome>('orderReservation');
export const orderStatusQuery = defineQuery<OrderStatus>('orderStatus');
