/**
 * How many shoppers one tick admits, and what bounds that number. Pure: the controller measures (tick Lua),
 * this decides, the admit Lua applies. Ops see `effectiveRate` and `boundBy` in GET /v1/ops/drops.
 */

/**
 * What limited a tick's admissions (the tightest bound): the ops-set rate; the order pipeline's sustained
 * confirm rate (its backlog or latency is above target); stock (enough shoppers are admitted to claim the units
 * left at the measured conversion); an empty queue; pause; drain; sold out; or no inventory in Redis yet
 * (admitted shoppers could not buy).
 */
export const BOUND_BY = ['rate', 'pipeline', 'stock', 'queue', 'paused', 'draining', 'sold_out', 'no_inventory'] as const;
export type BoundBy = (typeof BOUND_BY)[number];

export interface AdmissionMeasures {
  /** Ops-set admissions per second. */
  rate: number;
  /** Fractional admissions owed from earlier ticks (0 ≤ carry < 1). */
  carry: number;
  paused: boolean;
  draining: boolean;
  soldOut: boolean;
  /** Units not yet reserved; null while the inventory is not initialised. */
  stockLeft: number | null;
  /** Admitted shoppers who have not ordered, left or timed out yet. */
  admittedNow: number;
  /** Tickets handed out and not yet called. */
  waiting: number;
  /** Admissions resolved over the recent window, plus the admitted who are past the decide time without an order. */
  outcomes: { units: number; buyers: number; nonBuyers: number; undecided: number };
  /** Orders confirmed over the last `seconds`; orders holding a reservation; mean recent confirm latency. */
  pipeline: { confirmed: number; seconds: number; inflight: number | null; latencyAvgMs: number | null };
}

export interface AdmissionPolicy {
  tickMs: number;
  /** Backlog (in-flight orders) above which admission follows the pipeline. */
  inflightThreshold: number;
  /** Mean confirm latency, and expected backlog clearing time, above which admission follows the pipeline. */
  latencyThresholdMs: number;
  /** Lowest conversion trusted: at most stockLeft / floor shoppers are admitted at once. */
  conversionFloor: number;
}

export interface AdmissionBound {
  admit: number;
  carry: number;
  /** Admissions per second after the pipeline bound (ops' rate when the pipeline is healthy). */
  effectiveRate: number;
  boundBy: BoundBy;
  /** Units bought per admission (1 until outcomes are measured; smoothed towards 1 on few samples). */
  conversion: number;
  /** Orders confirmed per second, sustained. */
  confirmRate: number;
  /** Most shoppers admitted at once for the units left; null without inventory. */
  maxOutstanding: number | null;
  pipelineBusy: boolean;
}

/** Below 1 so that a pipeline at its limit works its backlog down while admission follows it. */
export const PIPELINE_GAIN = 0.9;
/** Admission never stops for the pipeline alone: a trickle keeps measuring it. */
export const PIPELINE_PROBE_RATE = 1;
/** A backlog this small is never "busy", whatever the measured rate (a start-up with nothing confirmed yet). */
export const PIPELINE_MIN_BACKLOG = 20;

/**
 * Units per admission, with one assumed buy-everything admission mixed in: the first ticks (no outcome yet)
 * keep one unit per admitted shopper, and a handful of no-shows cannot swing it to the floor at once.
 */
export function measuredConversion(o: AdmissionMeasures['outcomes']): number {
  return (o.units + 1) / (o.buyers + o.nonBuyers + o.undecided + 1);
}

/** The pipeline is busy when its backlog, its latency, or the time to clear its backlog is above target. */
export function pipelineBusy(p: AdmissionMeasures['pipeline'], policy: AdmissionPolicy): { busy: boolean; confirmRate: number } {
  const confirmRate = p.seconds > 0 ? p.confirmed / p.seconds : 0;
  const inflight = p.inflight ?? 0;
  const backlogTooBig = inflight > policy.inflightThreshold;
  // An empty pipeline is healthy whatever its last latencies were (they stop updating once nothing confirms).
  const tooSlow = inflight > 0 && p.latencyAvgMs !== null && p.latencyAvgMs > policy.latencyThresholdMs;
  // Little's law: a new order waits about backlog / throughput.
  const clearsTooSlowly = inflight > PIPELINE_MIN_BACKLOG && inflight > (confirmRate * policy.latencyThresholdMs) / 1000;
  return { busy: backlogTooBig || tooSlow || clearsTooSlowly, confirmRate };
}

export function boundAdmission(m: AdmissionMeasures, policy: AdmissionPolicy): AdmissionBound {
  const conversion = measuredConversion(m.outcomes);
  const { busy, confirmRate } = pipelineBusy(m.pipeline, policy);
  const trusted = Math.max(conversion, policy.conversionFloor);
  // Orders per admission are at most one: a shopper buying 2 units is still one order in the pipeline.
  const pipelineRate = Math.max(PIPELINE_PROBE_RATE, (PIPELINE_GAIN * confirmRate) / Math.min(1, trusted));
  const effectiveRate = busy ? Math.min(m.rate, pipelineRate) : m.rate;
  const maxOutstanding = m.stockLeft === null ? null : Math.floor(Math.max(0, m.stockLeft) / trusted);
  const base = { effectiveRate, conversion, confirmRate, maxOutstanding, pipelineBusy: busy };
  const none = (boundBy: BoundBy): AdmissionBound => ({ ...base, admit: 0, carry: 0, boundBy });

  if (m.paused) return none('paused');
  if (m.draining) return none('draining');
  if (m.stockLeft === null || maxOutstanding === null) return none('no_inventory');
  if (m.soldOut || m.stockLeft <= 0) return none('sold_out');

  const budget = (effectiveRate * policy.tickMs) / 1000 + m.carry;
  const byRate = Math.floor(budget);
  const room = Math.max(0, maxOutstanding - m.admittedNow);
  const waiting = Math.max(0, m.waiting);
  const rateBound: BoundBy = busy && pipelineRate < m.rate ? 'pipeline' : 'rate';
  if (byRate <= room && byRate <= waiting) return { ...base, admit: byRate, carry: budget - byRate, boundBy: rateBound };
  // Stock or an empty queue bounds this tick: nothing is owed to later ticks.
  if (room <= waiting) return { ...base, admit: room, carry: 0, boundBy: 'stock' };
  return { ...base, admit: waiting, carry: 0, boundBy: 'queue' };
}
