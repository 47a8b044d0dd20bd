// The group-commit order saga's types, shared by its workflow, its activities, the gateway and the sweep.
// No I/O here: the workflow bundle imports this file.
import type { OrderStatus } from './order-types';
import { orderIdsSearchAttribute } from './shared';

/** One order inside a batch: everything its own saga needs, as in the one-order workflow. */
export interface BatchOrder {
  orderId: string;
  userId: number;
  quantity: number;
  amountMinor: number;
  currency: string;
  perUserLimit: number;
  /** The order's own payment idempotency key (its orders.workflow_id + ':charge'), whichever saga runs it. */
  chargeKey: string;
  /** How long this order's payment may take (all attempts) before the order expires. */
  paymentTimeoutMs: number;
  /** When the order was accepted (epoch ms): its confirm latency, as the shopper saw it, counts from here. */
  acceptedAtMs?: number;
}

export interface OrderBatchInput {
  dropId: number;
  orders: BatchOrder[];
}

export interface OrderBatchResult {
  /** Final status per order this saga owned; orders another saga owns are absent. */
  orders: Record<string, { status: OrderStatus; reason?: string }>;
}

/**
 * A hold outlives the payment timeout by this much: reconciliation only expires holds a live saga can no
 * longer confirm.
 */
export const RESERVATION_GRACE_MS = 120_000;

/** The payment key of an order: derived from its own workflow id, so a saga of any type charges it once. */
export const chargeKeyFor = (orderWorkflowId: string) => `${orderWorkflowId}:charge`;

/** What the claim step found for one order of the batch. */
export type ClaimedOrder =
  | { orderId: string; state: 'held' }
  | { orderId: string; state: 'refused'; reason: string }
  /** Another saga owns it (a sweep raced the gateway's start): this batch leaves it alone. */
  | { orderId: string; state: 'not_ours' };

export type ConfirmOutcome = { orderId: string; confirmed: true } | { orderId: string; confirmed: false; reason: string };

/** The batch saga's own activities (workers/src/activities/order-batch-activities.ts), each idempotent. */
export interface OrderBatchActivities {
  /**
   * Claims the batch's orders for this saga (orders.saga_id) and holds their units in Redis (a no-op for a
   * unit the gateway already holds; rebuilt from MySQL first if Redis lost the drop).
   */
  claimOrders(input: { sagaId: string; dropId: number; orders: BatchOrder[]; expiresAtMs: number }): Promise<ClaimedOrder[]>;
  /**
   * One MySQL transaction for the paid orders (a savepoint each: one refused sale never rolls back another),
   * then Redis RESERVED → CONFIRMED and the status pushes. `soldOut` when nothing is left to sell.
   */
  confirmOrders(input: {
    dropId: number; startedAtMs: number; orders: { orderId: string; userId: number; quantity: number; acceptedAtMs?: number }[];
  }): Promise<{ outcomes: ConfirmOutcome[]; soldOut: boolean }>;
  /**
   * One order ends unsold: its final status, then its charge refunded or its key voided, then its units
   * released. Does nothing to an order MySQL already holds as confirmed. `reopened` when units went back
   * on a sold-out drop.
   */
  abandonOrder(input: {
    orderId: string; userId: number; dropId: number; chargeKey: string; status: OrderStatus; reason: string;
  }): Promise<{ reopened: boolean }>;
}

/**
 * How every order saga is started (gateway batches and the jobs worker's sweep): idempotent on its workflow
 * id, never re-run once finished, and findable from any of its order ids (the search attribute).
 */
export function orderSagaStartOptions(o: { workflowId: string; taskQueue: string; dropId: number; orders: BatchOrder[] }) {
  return {
    workflowId: o.workflowId,
    taskQueue: o.taskQueue,
    args: [{ dropId: o.dropId, orders: o.orders }] as [OrderBatchInput],
    workflowIdConflictPolicy: 'USE_EXISTING' as const,
    workflowIdReusePolicy: 'REJECT_DUPLICATE' as const,
    typedSearchAttributes: [{ key: orderIdsSearchAttribute, value: o.orders.map((x) => x.orderId) }],
  };
}
