/** What a shopper sees about their place; the same numbers as a queue_tick plus their own ticket. */
export type QueueStatus = 'prequeue' | 'waiting' | 'admitted' | 'completed' | 'expired' | 'sold_out';

export interface QueueView {
  dropId: number;
  /** null while in the pre-queue: tickets are drawn at the start. */
  ticket: number | null;
  status: QueueStatus;
  /** People ahead: ticket − serving (0 once called). */
  position: number | null;
  /** Seconds until admission at the current rate; null when unknown (pre-queue, paused, rate 0). */
  eta: number | null;
  serving: number;
  queueLength: number;
  rate: number;
  soldOut: boolean;
  paused: boolean;
  /** Units left to reserve; null until the drop's inventory is initialised. */
  stockLeft?: number | null;
  /** Only while admitted and not yet used: the token the order endpoint accepts, and when it stops working. */
  admissionToken?: string;
  expiresAt?: number;
}

export function positionAndEta(ticket: number, serving: number, rate: number, paused: boolean) {
  const position = Math.max(0, ticket - serving);
  if (position === 0) return { position, eta: 0 };
  return { position, eta: rate > 0 && !paused ? Math.ceil(position / rate) : null };
}
