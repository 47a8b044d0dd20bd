// Names shared by workflow code, the worker and the clients that start or message workflows.
// No I/O here: workflow bundles import this file.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OrderStatus, ReservationOutcome } from './order-types';

export const TASK_QUEUE = 'livedrop';

export const workflowIds = {
  /** One lifecycle workflow per drop; the id makes a second start for the same drop impossible. */
  dropLifecycle: (dropId: number | string) => `drop-${dropId}`,
  /** Derived from the user and the Idempotency-Key, so a retried request finds the same workflow. */
  order: (userId: number | string, idempotencyKeyHash: string) => `order-${userId}-${idempotencyKeyHash}`,
  /** A group-commit saga started by a gateway: named after its first order, so a retried start is the same saga. */
  orderBatch: (firstOrderId: string) => `order-batch-${firstOrderId}`,
  /** The saga the jobs worker's sweep starts for an order no saga claimed. */
  orderSweep: (orderId: string) => `order-sweep-${orderId}`,
};

// Types only (erased before bundling): the statuses are defined once, in common/src/domain/statuses.ts.
import type { DropStatus } from '@livedrop/common';
export type { DropStatus };

/**
 * Every order saga carries the ids of its orders, so an order's saga is found from its order id in the
 * Temporal UI (`LiveDropOrderIds = '<order id>'`). Registered on the namespace by scripts/infra-up.sh.
 */
export const ORDER_IDS_SEARCH_ATTRIBUTE = 'LiveDropOrderIds';
export const orderIdsSearchAttribute = defineSearchAttributeKey(ORDER_IDS_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD_LIST);

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
