import { conflict, dropKeys, gone, inventoryKeysForReading, notFound, type Redis } from '@livedrop/common';
import { BURN_RETENTION_MS, outcomeBucket } from '../admission-outcomes';
import { queueScripts } from '../lua/scripts';
import { type AdmissionTokens } from '../tokens/admission-token';
import type { QueueDrop } from './drop-directory';
import { positionAndEta, type QueueView } from './queue-view';

export interface WaitingRoomDeps {
  redis: Redis;
  tokens: AdmissionTokens;
  /** Drop lookup (cached in the gateway: see createDropCache). */
  getDrop: (dropId: number) => Promise<QueueDrop | undefined>;
  now?: () => number;
}

type Reply = (string | number)[];

/**
 * The answer to a leave: the ticket given up, and whether an open admission went back to the line; `completed`
 * (nothing changed) when the admission was already spent on an order.
 */
export interface LeftQueue {
  dropId: number;
  status: 'left' | 'completed';
  /** null when the shopper left the pre-queue (no ticket drawn yet). */
  ticket: number | null;
  admissionReleased: boolean;
}

/** Join and status for shoppers; every state change is one Lua script so concurrent joins stay consistent. */
export function createWaitingRoom({ redis, tokens, getDrop, now = Date.now }: WaitingRoomDeps) {
  const run = queueScripts();

  async function joinableDrop(dropId: number, at: number): Promise<QueueDrop> {
    const drop = await getDrop(dropId);
    if (!drop) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
    if (drop.status === 'cancelled') throw gone('drop_cancelled', 'this drop was cancelled');
    if (drop.status === 'ended' || at >= drop.endsAt) throw conflict('drop_ended', 'this drop has ended');
    if (at < drop.prequeueOpensAt) {
      throw conflict('queue_not_open', `the queue opens at ${new Date(drop.prequeueOpensAt).toISOString()}`);
    }
    return drop;
  }

  async function status(dropId: number, userId: number): Promise<QueueView> {
    const drop = await getDrop(dropId);
    if (!drop) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
    const k = dropKeys(dropId);
    const r = (await run(redis, 'status',
      [k.tickets, k.serving, k.queueSeq, k.admission, k.admitted, k.admissionTokens, k.burnedTokens, inventoryKeysForReading(dropId).stock],
      [userId, `adm-${dropId}-`])) as Reply;
    const ticket = Number(r[0]);
    if (ticket < 0) throw notFound('not_in_queue', 'you have not joined this drop’s queue');
    const [serving, seq] = [Number(r[1]), Number(r[2])];
    const rate = Number(r[3]) || drop.rate;
    const paused = r[4] === '1';
    const soldOut = r[6] === '1';
    const stock = Number(r[7]);
    const deadline = r[8] === '' ? undefined : Number(r[8]);
    const base = {
      dropId, serving, queueLength: Math.max(0, seq - serving), rate, soldOut, paused, stockLeft: stock < 0 ? null : stock,
    };
    if (ticket === 0) return { ...base, ticket: null, status: 'prequeue', position: null, eta: null };
    const { position, eta } = positionAndEta(ticket, serving, rate, paused);
    if (r[10] === 1) return { ...base, ticket, status: 'completed', position, eta };
    if (deadline !== undefined && deadline > now()) {
      let token = String(r[9]);
      // The controller stores the token when it admits; if it died before that, issue it here (same jti).
      if (!token) {
        const fresh = await tokens.issue({ userId, dropId, ticket, expiresAt: deadline });
        await redis.hSetNX(k.admissionTokens, String(userId), fresh);
        token = (await redis.hGet(k.admissionTokens, String(userId))) ?? fresh;
      }
      return { ...base, ticket, status: 'admitted', position, eta, admissionToken: token, expiresAt: deadline };
    }
    if (ticket <= serving) return { ...base, ticket, status: 'expired', position, eta };
    return { ...base, ticket, status: soldOut ? 'sold_out' : 'waiting', position, eta };
  }

  return {
    status,

    /**
     * An explicit leave: the place is given up, an open admission goes back to the line at once (the next
     * tick admits the next shopper) and its token can no longer buy. Leaving again answers the same; joining
     * again later takes a new place at the back.
     */
    async leave(dropId: number, userId: number): Promise<LeftQueue> {
      if (!(await getDrop(dropId))) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
      const k = dropKeys(dropId);
      const r = (await run(redis, 'leave',
        [k.tickets, k.ticketOwners, k.prequeue, k.queueLate, k.admission, k.admitted, k.admissionTokens, k.burnedTokens,
          k.queueLeft, k.admissionOutcomes],
        [userId, `adm-${dropId}-`, BURN_RETENTION_MS, outcomeBucket(now())])) as number[];
      if (r[0] === -1) throw notFound('not_in_queue', 'you have not joined this drop’s queue');
      if (r[0] === -2) throw conflict('queue_opening', 'the queue is opening right now; try again in a second');
      const ticket = Number(r[1]);
      return { dropId, status: r[0] === 3 ? 'completed' : 'left', ticket: ticket > 0 ? ticket : null, admissionReleased: r[2] === 1 };
    },

    /** One ticket per account: joining again (any device) returns the same place. */
    async join(dropId: number, userId: number): Promise<QueueView> {
      const drop = await joinableDrop(dropId, now());
      const k = dropKeys(dropId);
      const r = (await run(redis, 'join',
        [k.tickets, k.ticketOwners, k.queueSeq, k.prequeue, k.queueLate, k.admission, k.serving], [userId])) as Reply;
      const code = Number(r[0]);
      if (code === -1) throw conflict('queue_draining', 'this drop is no longer admitting new shoppers');
      const ticket = Number(r[1]);
      const [serving, seq] = [Number(r[2]), Number(r[3])];
      // Someone already called forward (admitted, done or expired): the full status says which.
      if (ticket > 0 && ticket <= serving) return status(dropId, userId);
      const rate = Number(r[4]) || drop.rate;
      const paused = r[5] === '1';
      const soldOut = r[6] === '1';
      const base = { dropId, serving, queueLength: Math.max(0, seq - serving), rate, soldOut, paused };
      if (ticket === 0) return { ...base, ticket: null, status: 'prequeue', position: null, eta: null };
      return { ...base, ticket, status: soldOut ? 'sold_out' : 'waiting', ...positionAndEta(ticket, serving, rate, paused) };
    },
  };
}

export type WaitingRoom = ReturnType<typeof createWaitingRoom>;
