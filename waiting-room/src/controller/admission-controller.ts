import { dropKeys, pushToDrop, pushToUser, type Knex, type Logger, type Redis } from '@livedrop/common';
import { queueScripts } from '../lua/scripts';
import { createDropsReader, type QueueDrop } from '../queue/drop-directory';
import type { AdmissionTokens } from '../tokens/admission-token';
import { holdDropLease } from './lease';
import { sealPrequeue } from './seal-prequeue';
import { notifyRestock } from '../queue/restock-alerts';
import { decodeTick, type TickResult } from './tick-result';

export interface AdmissionControllerDeps {
  redis: Redis;
  knex: Knex;
  tokens: AdmissionTokens;
  logger: Logger;
  /** Unique per process (host:pid:random): the value of the per-drop lease. */
  ownerId: string;
  tickMs: number;
  /** Pipeline health: above either, the drop's rate is halved for that tick. */
  inflightThreshold: number;
  latencyThresholdMs: number;
  latencySamples?: number;
  now?: () => number;
}

export type DropTickOutcome = { dropId: number; skipped: 'lease' | 'prequeue_not_sealed' } | ({ dropId: number } & TickResult);

/**
 * Each tick, for every live or sold-out drop (from MySQL, so the drop workflow needs no call into this):
 * hold the drop's lease, seal the pre-queue once, run the atomic tick, then hand out tokens and pushes.
 */
export function createAdmissionController(deps: AdmissionControllerDeps) {
  const { redis, tokens, logger, ownerId, tickMs, now = Date.now } = deps;
  const drops = createDropsReader(deps.knex);
  const run = queueScripts();
  const leaseMs = Math.max(3 * tickMs, 1000);

  async function tickDrop(drop: QueueDrop): Promise<DropTickOutcome> {
    if (!(await holdDropLease(redis, drop.id, ownerId, leaseMs))) return { dropId: drop.id, skipped: 'lease' };
    let result = await runTick(drop);
    if (!result) {
      if (!(await sealPrequeue(redis, drop, logger))) return { dropId: drop.id, skipped: 'prequeue_not_sealed' };
      result = await runTick(drop);
      if (!result) return { dropId: drop.id, skipped: 'prequeue_not_sealed' };
    }
    await announce(drop, result);
    return { dropId: drop.id, ...result };
  }

  async function runTick(drop: QueueDrop): Promise<TickResult | undefined> {
    const k = dropKeys(drop.id);
    const reply = (await run(redis, 'tick',
      [k.admission, k.serving, k.queueSeq, k.admitted, k.stock, k.ticketOwners, k.admissionTokens, k.ordersInflight, k.ordersLatency],
      [now(), tickMs, drop.rate, drop.checkoutWindowS * 1000, deps.inflightThreshold, deps.latencyThresholdMs,
        deps.latencySamples ?? 20])) as (string | number)[];
    return reply[0] === -1 ? undefined : decodeTick(reply);
  }

  async function announce(drop: QueueDrop, t: TickResult): Promise<void> {
    const ts = now();
    if (t.admitted.length > 0) {
      const expiresAt = ts + drop.checkoutWindowS * 1000;
      const issued = await Promise.all(t.admitted.map(async (a) => ({
        ...a, token: await tokens.issue({ userId: a.userId, dropId: drop.id, ticket: a.ticket, expiresAt }),
      })));
      // Stored before the push so GET …/queue/me returns the same token to a shopper who missed the push.
      await redis.hSet(dropKeys(drop.id).admissionTokens, Object.fromEntries(issued.map((a) => [String(a.userId), a.token])));
      await Promise.all(issued.map((a) =>
        pushToUser(redis, a.userId, { type: 'admitted', dropId: drop.id, ticket: a.ticket, token: a.token, expiresAt })));
    }
    if (t.soldOutChange === 1) await pushToDrop(redis, drop.id, { type: 'sold_out', ts });
    if (t.soldOutChange === -1) await notifyRestock(redis, drop.id, t.stockLeft);
    await pushToDrop(redis, drop.id, {
      type: 'queue_tick', serving: t.serving, rate: t.effectiveRate, stockLeft: t.stockLeft, soldOut: t.soldOut,
      paused: t.paused || t.draining, queueLength: t.queueLength, ts,
    });
  }

  return {
    tickDrop,
    /** One pass over every drop that is live or sold out; one drop's failure does not stop the others. */
    async runOnce(): Promise<DropTickOutcome[]> {
      const list = await drops.admitting();
      const outcomes = await Promise.allSettled(list.map(tickDrop));
      return outcomes.flatMap((o, i) => {
        if (o.status === 'fulfilled') return [o.value];
        logger.error({ err: o.reason, dropId: list[i]!.id }, 'admission tick failed');
        return [];
      });
    },
  };
}

export type AdmissionController = ReturnType<typeof createAdmissionController>;
