import { dropKeys, inventoryKeysForReading, pushToDrop, pushToUser, type Knex, type Logger, type Redis } from '@livedrop/common';
import { OUTCOME_BUCKET_MS } from '../admission-outcomes';
import { queueScripts } from '../lua/scripts';
import { createDropsReader, type QueueDrop } from '../queue/drop-directory';
import type { AdmissionTokens } from '../tokens/admission-token';
import { boundAdmission, type AdmissionPolicy } from './admission-bounds';
import { planAdmissionPacing } from './admission-pacing';
import { holdDropLease } from './lease';
import { sealPrequeue } from './seal-prequeue';
import { notifyRestock } from '../queue/restock-alerts';
import { decodeMeasures, type TickResult } from './tick-result';

/** Seconds of confirmations the sustained pipeline rate is measured over. */
const CONFIRM_WINDOW_S = 5;
/** Vacated tickets (shoppers who left) one tick may step over; the rest wait for the next tick. */
const MAX_SKIPPED_PER_TICK = 5000;

export interface AdmissionControllerDeps {
  redis: Redis;
  knex: Knex;
  tokens: AdmissionTokens;
  logger: Logger;
  /** Unique per process (host:pid:random): the value of the per-drop lease. */
  ownerId: string;
  tickMs: number;
  /** Pipeline targets: above either, admission follows the pipeline's sustained rate (admission-bounds.ts). */
  inflightThreshold: number;
  latencyThresholdMs: number;
  latencySamples?: number;
  /** Lowest conversion trusted when admitting past the units left (default 0.25). */
  conversionFloor?: number;
  /**
   * Tell a tick's admitted shoppers in slices over this long (ADMISSION_SPREAD_MS), so their orders arrive as a
   * stream rather than one burst per tick; at most 0.9 × tickMs. Default 0: all at once.
   */
  spreadMs?: number;
  /** Window of admission outcomes the conversion is measured over (default 60 s). */
  conversionWindowS?: number;
  /** An admitted shopper without an order after this long counts as not buying (default 15 s). */
  decideS?: number;
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
  // The pass (and so the next tick) waits for the last slice: the spread must leave room in the tick.
  const spreadMs = Math.min(deps.spreadMs ?? 0, 0.9 * tickMs);

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

  const policy: AdmissionPolicy = {
    tickMs, inflightThreshold: deps.inflightThreshold, latencyThresholdMs: deps.latencyThresholdMs,
    conversionFloor: deps.conversionFloor ?? 0.25,
  };
  const conversionBuckets = Math.max(1, Math.round(((deps.conversionWindowS ?? 60) * 1000) / OUTCOME_BUCKET_MS));

  /** Measure (Lua), decide (admission-bounds.ts), admit (Lua); the lease keeps one controller per drop. */
  async function runTick(drop: QueueDrop): Promise<TickResult | undefined> {
    const k = dropKeys(drop.id);
    const at = now();
    const windowMs = drop.checkoutWindowS * 1000;
    const reply = (await run(redis, 'tick',
      [k.admission, k.serving, k.queueSeq, k.admitted, inventoryKeysForReading(drop.id).stock, k.admissionTokens, k.ordersInflight, k.ordersLatency,
        k.ordersConfirmed, k.admissionOutcomes],
      [at, drop.rate, deps.latencySamples ?? 20, CONFIRM_WINDOW_S, OUTCOME_BUCKET_MS, conversionBuckets, windowMs,
        (deps.decideS ?? 15) * 1000])) as (string | number)[];
    if (reply[0] === -1) return undefined;
    const m = decodeMeasures(reply, drop.rate);
    const bound = boundAdmission(m, policy);
    const admittedReply = (await run(redis, 'admit', [k.admission, k.serving, k.queueSeq, k.admitted, k.ticketOwners],
      [at, bound.admit, at + windowMs, MAX_SKIPPED_PER_TICK,
        'carry', String(bound.carry), 'effectiveRate', String(bound.effectiveRate), 'boundBy', bound.boundBy,
        'conversion', String(bound.conversion), 'confirmRate', String(bound.confirmRate)])) as (string | number)[];
    const admitted: TickResult['admitted'] = [];
    for (let i = 3; i + 1 < admittedReply.length; i += 2) {
      admitted.push({ userId: Number(admittedReply[i]), ticket: Number(admittedReply[i + 1]) });
    }
    return {
      serving: Number(admittedReply[0]), effectiveRate: bound.effectiveRate, rate: m.rate, stockLeft: Math.max(0, m.rawStock),
      soldOut: m.soldOut, paused: m.paused, draining: m.draining, queueLength: Number(admittedReply[2]),
      admittedNow: Number(admittedReply[1]), noShowsExpired: m.noShowsExpired, soldOutChange: m.soldOutChange,
      backoff: bound.pipelineBusy, boundBy: bound.boundBy, conversion: bound.conversion, confirmRate: bound.confirmRate,
      inflight: m.pipeline.inflight, maxOutstanding: bound.maxOutstanding, admitted,
    };
  }

  type Admission = TickResult['admitted'][number] & { token: string; expiresAt: number };

  /** Tokens issued and stored before any push, so GET …/queue/me returns the same token to a shopper who missed it. */
  async function issueAdmissions(drop: QueueDrop, admitted: TickResult['admitted'], ts: number): Promise<Admission[]> {
    if (admitted.length === 0) return [];
    const expiresAt = ts + drop.checkoutWindowS * 1000;
    const issued = await Promise.all(admitted.map(async (a) => ({
      ...a, expiresAt, token: await tokens.issue({ userId: a.userId, dropId: drop.id, ticket: a.ticket, expiresAt }),
    })));
    await redis.hSet(dropKeys(drop.id).admissionTokens, Object.fromEntries(issued.map((a) => [String(a.userId), a.token])));
    return issued;
  }

  const tellAdmitted = (dropId: number, slice: Admission[]) => Promise.all(slice.map((a) =>
    pushToUser(redis, a.userId, { type: 'admitted', dropId, ticket: a.ticket, token: a.token, expiresAt: a.expiresAt })));

  async function announce(drop: QueueDrop, t: TickResult): Promise<void> {
    const ts = now();
    const issued = await issueAdmissions(drop, t.admitted, ts);
    // The head of the line hears at once, the rest in even slices over the spread (admission-pacing.ts).
    const { sizes, gapMs } = planAdmissionPacing(issued.length, spreadMs);
    const slices = sizes.map((size, i) => issued.slice(sizes.slice(0, i).reduce((a, b) => a + b, 0)).slice(0, size));
    await tellAdmitted(drop.id, slices[0] ?? []);
    if (t.soldOutChange === 1) await pushToDrop(redis, drop.id, { type: 'sold_out', ts });
    if (t.soldOutChange === -1) await notifyRestock(redis, drop.id, t.stockLeft);
    await pushToDrop(redis, drop.id, {
      type: 'queue_tick', serving: t.serving, rate: t.effectiveRate, stockLeft: t.stockLeft, soldOut: t.soldOut,
      paused: t.paused || t.draining, queueLength: t.queueLength, ts,
    });
    for (const slice of slices.slice(1)) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
      await tellAdmitted(drop.id, slice);
    }
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
