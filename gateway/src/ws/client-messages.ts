import { z } from 'zod';

export const MAX_SUBSCRIPTIONS_PER_SOCKET = 20;

const dropId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * What a client may send: authenticate (first message when the token was not in the handshake, and again
 * with a fresh token before the old one expires), watch or stop watching a drop (queue ticks, stock alerts).
 */
export const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(4096) }),
  z.object({ type: z.literal('subscribe'), dropId }),
  z.object({ type: z.literal('unsubscribe'), dropId }),
]);

export type ClientMessage = z.infer<typeof clientMessage>;

export function parseClientMessage(raw: string): ClientMessage | { error: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { error: 'message is not valid JSON' };
  }
  const result = clientMessage.safeParse(json);
  return result.success ? result.data : { error: 'expected {"type":"auth","token":<access token>} or {"type":"subscribe"|"unsubscribe","dropId":<positive integer>}' };
}
