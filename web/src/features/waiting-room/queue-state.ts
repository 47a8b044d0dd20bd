import type { paths } from '../../lib/api/schema';
import type { Admitted, QueueTick, TicketAssigned } from '../../lib/ws/messages';

export type QueueView = paths['/v1/drops/{dropId}/queue/me']['get']['responses'][200]['content']['application/json'];
/** The view plus when it was last confirmed by the server (HTTP answer or push). */
export type QueueState = QueueView & { updatedAt: number };

export const queueKey = (dropId: number) => ['me', 'queue', dropId] as const;

/** The client computes its own place from each tick (waiting-room/README.md): position = ticket − serving. */
/** What a tick tells about the line; a sold_out push says the same with only `soldOut` and no stock left. */
export type TickProgress = Pick<QueueTick, 'serving' | 'rate' | 'soldOut' | 'stockLeft'> & Partial<Pick<QueueTick, 'paused' | 'queueLength'>>;

export function applyTick(prev: QueueState, tick: TickProgress, now = Date.now()): QueueState {
  const next: QueueState = {
    ...prev,
    serving: tick.serving,
    rate: tick.rate,
    soldOut: tick.soldOut,
    paused: tick.paused ?? prev.paused,
    queueLength: tick.queueLength ?? prev.queueLength,
    stockLeft: tick.stockLeft,
    updatedAt: now,
  };
  if (prev.status === 'waiting' && prev.ticket !== null) {
    const position = Math.max(0, prev.ticket - tick.serving);
    next.position = position;
    next.eta = position === 0 ? 0 : next.rate > 0 && !next.paused ? Math.ceil(position / next.rate) : null;
  }
  if (tick.soldOut && (prev.status === 'waiting' || prev.status === 'prequeue')) next.status = 'sold_out';
  if (!tick.soldOut && prev.status === 'sold_out') next.status = 'waiting';
  return next;
}

export function applyTicket(prev: QueueState, msg: TicketAssigned, now = Date.now()): QueueState {
  const position = Math.max(0, msg.ticket - prev.serving);
  return { ...prev, ticket: msg.ticket, status: prev.status === 'prequeue' ? 'waiting' : prev.status, position, updatedAt: now };
}

export function applyAdmitted(prev: QueueState, msg: Admitted, now = Date.now()): QueueState {
  return { ...prev, ticket: msg.ticket, status: 'admitted', position: 0, eta: 0, admissionToken: msg.token, expiresAt: msg.expiresAt, updatedAt: now };
}

/** A tick says we are at the front but no admission arrived yet: ask the server (the token is in /queue/me). */
export const shouldAskForAdmission = (s: QueueState) => s.status === 'waiting' && s.position === 0;
