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

export interface PaymentProvider {
  readonly name: string;
  /** `signal` aborts a charge still in flight (payment timeout, worker shutdown) before it is taken. */
  charge(request: ChargeRequest, options?: { signal?: AbortSignal }): Promise<ChargeResult>;
}
