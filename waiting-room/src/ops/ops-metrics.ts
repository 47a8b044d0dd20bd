import {
  dropKeys, globalKeys, OPEN_DROP_STATUSES, pushToOps, stockLeft, type Knex, type Logger, type OpsDropMetrics as CommonOpsDropMetrics,
  type OpsMetricsMessage as CommonOpsMetricsMessage, type Redis,
} from '@livedrop/common';
import type { AdmissionController, DropTickOutcome } from '../controller/admission-controller';
import { boundBy, type OpsBoundBy } from './bound-by';
import { appendSeriesSample, lastSeriesSample, type SeriesSample } from './ops-series';

/** One drop as the ops console shows it (the `drops` of an `ops_metrics` push and of GET /v1/ops/metrics). */
export interface OpsDropMetrics extends CommonOpsDropMetrics {
  boundBy: OpsBoundBy;
}

export type OpsMetricsMessage = CommonOpsMetricsMessage<OpsDropMetrics>;

interface DropRow {
  id: number;
  status: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  total_stock: number;
  admission_rate_per_s: number;
}

const SNAPSHOT_TTL_MS = 10_000;
/**
 * Rates are averaged over this window: at fractional rates a tick admits 1, 0, 1, 0, … and a per-tick rate
 * would draw a saw; a sample older than the window is never used (the rate would average over a gap).
 */
const RATE_WINDOW_MS = 5_000;

/**
 * After every controller pass: reads the state of every scheduled, live and sold-out drop, derives the rates
 * (admissions/s, confirmed orders/s) from running totals, appends one series sample for each drop this
 * controller ticked, stores the message as the latest snapshot and pushes it to the ops consoles.
 * Read-only towards admission: it never changes what the tick decided.
 */
export function createOpsMetricsPublisher(deps: { redis: Redis; knex: Knex; now?: () => number }) {
  const { redis, knex, now = Date.now } = deps;
  type Totals = Pick<SeriesSample, 't' | 'admittedTotal' | 'confirmedTotal'>;
  const history = new Map<number, Totals[]>(); // per drop, oldest first, within the rate window

  async function dropRows(): Promise<DropRow[]> {
    return knex('drops as d').join('products as p', 'p.id', 'd.product_id')
      .select('d.id', 'd.status', 'p.title', 'd.starts_at', 'd.ends_at', 'd.total_stock', 'd.admission_rate_per_s')
      .whereIn('d.status', OPEN_DROP_STATUSES).orderBy('d.starts_at').orderBy('d.id');
  }

  async function confirmedCounts(ids: number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows: { drop_id: number; n: number | string }[] = await knex('orders').select('drop_id').count({ n: '*' })
      .whereIn('drop_id', ids).andWhere('status', 'confirmed').groupBy('drop_id');
    return new Map(rows.map((r) => [Number(r.drop_id), Number(r.n)]));
  }

  /** The oldest totals within the rate window (after a restart: the newest stored sample). */
  async function previousOf(dropId: number, t: number): Promise<Totals | undefined> {
    const kept = history.get(dropId)?.find((p) => t - p.t <= RATE_WINDOW_MS && t > p.t);
    const p = kept ?? (history.has(dropId) ? undefined : await lastSeriesSample(redis, dropId));
    return p && t - p.t > 0 && t - p.t <= RATE_WINDOW_MS ? p : undefined;
  }

  async function measure(row: DropRow, confirmed: number, t: number): Promise<OpsDropMetrics> {
    const dropId = Number(row.id);
    const k = dropKeys(dropId);
    const [a, serving, seq, stock, admittedNow, prequeue, inflight] = await Promise.all([
      redis.hGetAll(k.admission), redis.get(k.serving), redis.get(k.queueSeq), stockLeft(redis, dropId),
      redis.zCard(k.admitted), redis.sCard(k.prequeue), redis.get(k.ordersInflight),
    ]);
    const queueOpen = a.phase === 'open';
    const rate = Number(a.rate ?? row.admission_rate_per_s);
    const state = {
      status: row.status, queueOpen,
      queueLength: queueOpen ? Math.max(0, Number(seq ?? 0) - Number(serving ?? 0)) : prequeue,
      rate, effectiveRate: Number(a.effectiveRate ?? rate),
      admittedNow, stockLeft: stock,
      paused: a.paused === '1', draining: a.draining === '1', soldOut: a.soldOut === '1',
    };
    const admittedTotal = Number(a.admittedTotal ?? 0);
    const prev = await previousOf(dropId, t);
    const perS = (cur: number, old: number | undefined) =>
      prev && old !== undefined ? Math.max(0, Math.round(((cur - old) * 1000 / (t - prev.t)) * 100) / 100) : 0;
    return {
      dropId, title: row.title, ...state,
      startsAt: new Date(row.starts_at).toISOString(), endsAt: new Date(row.ends_at).toISOString(),
      serving: Number(serving ?? 0), boundBy: boundBy({ ...state, stored: a.boundBy }), admittedTotal, noShows: Number(a.noShows ?? 0),
      totalStock: Number(row.total_stock),
      admissionsPerS: perS(admittedTotal, prev?.admittedTotal),
      confirmedPerS: perS(confirmed, prev?.confirmedTotal),
      ordersConfirmed: confirmed, ordersInflight: Math.max(0, Number(inflight ?? 0)),
      lastTickAt: a.lastTickMs ? new Date(Number(a.lastTickMs)).toISOString() : null,
    };
  }

  return {
    /** `outcomes` of the pass just run: only drops this controller ticked get a series sample from it. */
    async publish(outcomes: DropTickOutcome[] = []): Promise<OpsMetricsMessage> {
      const t = now();
      const rows = await dropRows();
      const confirmed = await confirmedCounts(rows.filter((r) => r.status !== 'scheduled').map((r) => Number(r.id)));
      const drops = await Promise.all(rows.map((r) => measure(r, confirmed.get(Number(r.id)) ?? 0, t)));
      const ticked = new Set(outcomes.filter((o) => !('skipped' in o)).map((o) => o.dropId));
      await Promise.all(drops.filter((d) => ticked.has(d.dropId)).map((d) => appendSeriesSample(redis, d.dropId, {
        t, queueLength: d.queueLength, admissionsPerS: d.admissionsPerS, confirmedPerS: d.confirmedPerS,
        admittedTotal: d.admittedTotal, confirmedTotal: d.ordersConfirmed,
      })));
      const seen = new Map(drops.map((d) => [d.dropId, d]));
      for (const id of history.keys()) if (!seen.has(id)) history.delete(id);
      for (const d of drops) {
        const kept = (history.get(d.dropId) ?? []).filter((p) => t - p.t < RATE_WINDOW_MS);
        history.set(d.dropId, [...kept, { t, admittedTotal: d.admittedTotal, confirmedTotal: d.ordersConfirmed }]);
      }
      const message: OpsMetricsMessage = { type: 'ops_metrics', ts: t, drops };
      await redis.set(globalKeys.opsSnapshot, JSON.stringify(message), { PX: SNAPSHOT_TTL_MS });
      await pushToOps(redis, message);
      return message;
    },
  };
}

export type OpsMetricsPublisher = ReturnType<typeof createOpsMetricsPublisher>;

/** The latest ops_metrics message (undefined when no controller published in the last few seconds). */
export async function readOpsSnapshot(redis: Redis): Promise<OpsMetricsMessage | undefined> {
  const text = await redis.get(globalKeys.opsSnapshot);
  return text ? (JSON.parse(text) as OpsMetricsMessage) : undefined;
}

/**
 * The controller with the publisher run after each pass. A failing publish is logged and never stops
 * admission: the console going stale is far cheaper than the queue stalling.
 */
export function withOpsMetrics(controller: AdmissionController, publisher: OpsMetricsPublisher, logger: Logger): AdmissionController {
  return {
    ...controller,
    async runOnce() {
      const outcomes = await controller.runOnce();
      await publisher.publish(outcomes).catch((err: unknown) => logger.warn({ err }, 'ops metrics publish failed'));
      return outcomes;
    },
  };
}
