// Order pipeline types shared by the workflow, its activities and the gateway. No I/O here.

export type OrderStatus = 'pending' | 'reserved' | 'paid' | 'confirmed' | 'declined' | 'cancelled' | 'expired' | 'failed';

/** Why a reservation is refused; each is final, never retried. */
export type ReservationRejection = 'sold_out' | 'not_enough_stock' | 'per_user_limit_reached' | 'drop_not_live';
export const RESERVATION_REJECTIONS: readonly string[] = ['sold_out', 'not_enough_stock', 'per_user_limit_reached', 'drop_not_live'];

export interface OrderWorkflowInput {
  orderId: string;
  userId: number;
  dropId: number;
  quantity: number;
  amountMinor: number;
  currency: string;
  perUserLimit: number;
  /** How long the payment may take (all attempts) before the order expires and its units go back. */
  paymentTimeoutMs: number;
}

/** What the order endpoint waits for: the reservation is held, or why it was refused. */
export type ReservationOutcome =
  | { orderId: string; status: 'reserved' }
  | { orderId: string; status: 'rejected'; reason: string; available?: number };

export interface OrderResult {
  orderId: string;
  status: OrderStatus;
  reason?: string;
}

/** Order activities (workers/src/activities/order-activities.ts). Each is idempotent per order. */
export interface OrderActivities {
  /** Holds units in Redis (rebuilding the inventory from MySQL first if Redis lost it); orders.status → reserved. */
  reserveInventory(input: {
    orderId: string; userId: number; dropId: number; quantity: number; perUserLimit: number; expiresAtMs: number;
  }): Promise<{ stockLeft: number }>;
  /**
   * Charges with the given idempotency key; throws non-retryable `payment_declined`, or `payment_timeout` once
   * `deadlineMs` (epoch ms, all attempts) passed with no charge taken; orders.status → paid.
   */
  chargePayment(input: {
    orderId: string; userId: number; idempotencyKey: string; amountMinor: number; currency: string; deadlineMs: number;
  }): Promise<{ paymentId: string }>;
  /** MySQL (order confirmed + ledger sale, one transaction), then Redis RESERVED → CONFIRMED; pushes the status. */
  confirmOrder(input: {
    orderId: string; userId: number; dropId: number; quantity: number; startedAtMs: number;
  }): Promise<{ soldOut: boolean }>;
  /** The compensation: RESERVED → RELEASED exactly once; `reopened` when it put units back on a sold-out drop. */
  releaseReservation(input: { orderId: string; userId: number; dropId: number }): Promise<{ released: boolean; reopened: boolean }>;
  /**
   * Asks the payment provider what became of the charge with this key; a charge that succeeded moves the
   * order to paid (its answer was lost, the money was taken).
   */
  lookUpPayment(input: { orderId: string; userId: number; idempotencyKey: string }): Promise<{ state: 'none' | 'succeeded' | 'declined' | 'refunded' }>;
  /**
   * The compensation of a charge: refunds it if it succeeded, or voids the key when nothing was charged (a late
   * attempt is then declined). Idempotent; `refundedNow` only for the call that refunded.
   */
  refundPayment(input: { orderId: string; userId: number; dropId: number; idempotencyKey: string }): Promise<{ state: string; refundedNow: boolean }>;
  /** Records a final failed status (declined, expired, cancelled, failed) with its reason and pushes it. */
  finishOrder(input: { orderId: string; userId: number; dropId: number; status: OrderStatus; reason: string }): Promise<void>;
}
