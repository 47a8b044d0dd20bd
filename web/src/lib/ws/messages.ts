// The pushes the gateway forwards: their shapes are the server's own (common/src/domain/push-messages.ts), so a
// renamed field fails this app's typecheck too. Only the socket's control replies are spelled here.
import type { PushMessage } from '@livedrop/common/domain/push-messages';

type Push<T extends PushMessage['type']> = Extract<PushMessage, { type: T }>;
export type QueueTick = Push<'queue_tick'>;
export type TicketAssigned = Push<'ticket_assigned'>;
export type Admitted = Push<'admitted'>;

/** The gateway's replies to the socket's own commands (gateway/src/ws/ws-server.ts). */
type ControlMessage = { type: 'hello' | 'subscribed' | 'unsubscribed' | 'error'; [field: string]: unknown };

export type LiveMessage = PushMessage | ControlMessage;

export function parseLiveMessage(text: unknown): LiveMessage | null {
  if (typeof text !== 'string') return null;
  try {
    const msg = JSON.parse(text) as { type?: unknown };
    return msg && typeof msg.type === 'string' ? (msg as LiveMessage) : null;
  } catch {
    return null;
  }
}
