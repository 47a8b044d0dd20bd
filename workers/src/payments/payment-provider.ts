/**
 * What the order pipeline needs from a payment provider. A real provider plugs in behind this; the
 * idempotency key makes a retried charge return the first result instead of charging twice.
 */
export interface ChargeRequest {
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
  orderId: string;
}

export interface ChargeResult {
  status: 'succeeded' | 'declined';
  declineCode?: string;
  paymentId: string;
}

/** What the provider knows of a charge key: never charged, charged, declined (or voided), or charged then refunded. */
export type PaymentStatus =
  | { state: 'none' }
  | { state: 'succeeded' | 'declined' | 'refunded'; paymentId: string };

/**
 * A refund by the charge's idempotency key (the order's own key: also voids a key that never charged, so a
 * late attempt of that charge is declined) or by payment id.
 */
export type RefundTarget = { idempotencyKey: string; orderId: string } | { paymentId: string };

export interface RefundResult {
  /** refunded: the money is back (now or earlier); voided: nothing was charged and now nothing can be; declined: nothing was taken. */
  state: 'refunded' | 'voided' | 'declined';
  paymentId: string;
  /** true only for the call that refunded. */
  refundedNow: boolean;
}

export interface PaymentProvider {
  readonly name: string;
  /** `signal` aborts a charge still in flight (payment timeout, worker shutdown) before it is taken. */
  charge(request: ChargeRequest, options?: { signal?: AbortSignal }): Promise<ChargeResult>;
  /** Looks the charge of `idempotencyKey` up; the answer to "may this order have been charged?". */
  status(idempotencyKey: string, options?: { signal?: AbortSignal }): Promise<PaymentStatus>;
  /** Refunds (or voids) a charge; idempotent: repeating it refunds nothing more. */
  refund(target: RefundTarget, options?: { reason?: string; signal?: AbortSignal }): Promise<RefundResult>;
}
