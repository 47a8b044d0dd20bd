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
  /**
   * Orders confirmed over the last `seconds` (full seconds, from the first with a confirmation) and in the last full
   * second; orders holding a reservation; mean recent confirm latency.
   */
  pipeline: { confirmed: number; seconds: number; lastSecond: number; inflight: number | null; latencyAvgMs: number | null };
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
  /** Admissions per second after the pipeline bound (the ops rate while the pipeline has room for it). */
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
/** How fast free backlog room is filled (per second): a proportional term, not the ops rate in one burst. */
export const PIPELINE_FILL_PER_S = 2;
/** Admission never stops for the pipeline alone: a trickle keeps measuring it. */
export const PIPELINE_PROBE_RATE = 1;
/** Share of the latency threshold an order may spend queued; the rest is its own work (payment, confirm). */
export const QUEUEING_SHARE = 0.5;
/** The backlog allowed before anything is measured (a start-up window, grown as confirmations come in). */
export const PIPELINE_MIN_BACKLOG = 20;

/**
 * Units per admission, with one assumed buy-everything admission mixed in: the first ticks (no outcome yet)
 * keep one unit per admitted shopper, and a handful of no-shows cannot swing it to the floor at once.
 */
export function measuredConversion(o: AdmissionMeasures['outcomes']): number {
  return (o.units + 1) / (o.buyers + o.nonBuyers + o.undecided + 1);
}

export interface PipelineState {
  /** Orders confirmed per second, sustained. */
  confirmRate: number;
  /** In-flight orders that clear within half the latency threshold at that rate (Little's law), capped by the threshold. */
  targetBacklog: number;
  /** Orders the pipeline can take on now without passing the target (0 while its confirmations are slow). */
  headroom: number;
  /** Above the target backlog, or recent confirmations slower than the latency threshold. */
  busy: boolean;
}

export function pipelineState(p: AdmissionMeasures['pipeline'], policy: AdmissionPolicy): PipelineState {
  // The last second leads a pipeline that is speeding up (the average lags it); the average smooths the rest.
  const confirmRate = Math.max(p.seconds > 0 ? p.confirmed / p.seconds : 0, p.lastSecond);
  const inflight = p.inflight ?? 0;
  const targetBacklog = Math.min(policy.inflightThreshold,
    Math.max(PIPELINE_MIN_BACKLOG, (confirmRate * QUEUEING_SHARE * policy.latencyThresholdMs) / 1000));
  // An empty pipeline is healthy whatever its last latencies were (they stop updating once nothing confirms).
  const tooSlow = inflight > 0 && p.latencyAvgMs !== null && p.latencyAvgMs > policy.latencyThresholdMs;
  return {
    confirmRate, targetBacklog, headroom: tooSlow ? 0 : Math.max(0, targetBacklog - inflight), busy: tooSlow || inflight > targetBacklog,
  };
}

/**
 * Closed loop: admissions per second the pipeline can absorb — 0.9 × what it sustainably confirms, plus a
 * proportional share of its free backlog room — in admissions (orders per admission are at most one). Never
 * the ops rate in one burst: a tick at 10× capacity would queue ten seconds of orders behind one tick.
 */
export function pipelineRate(state: PipelineState, conversion: number): number {
  const ordersPerAdmission = Math.min(1, conversion);
  return Math.max(PIPELINE_PROBE_RATE, (PIPELINE_GAIN * state.confirmRate + PIPELINE_FILL_PER_S * state.headroom) / ordersPerAdmission);
}

export function boundAdmission(m: AdmissionMeasures, policy: AdmissionPolicy): AdmissionBound {
  const conversion = measuredConversion(m.outcomes);
  const trusted = Math.max(conversion, policy.conversionFloor);
  const pipeline = pipelineState(m.pipeline, policy);
  const byPipeline = pipelineRate(pipeline, trusted);
  const effectiveRate = Math.min(m.rate, byPipeline);
  const { confirmRate } = pipeline;
  const maxOutstanding = m.stockLeft === null ? null : Math.floor(Math.max(0, m.stockLeft) / trusted);
  const base = { effectiveRate, conversion, confirmRate, maxOutstanding, pipelineBusy: pipeline.busy };
  const none = (boundBy: BoundBy): AdmissionBound => ({ ...base, admit: 0, carry: 0, boundBy });

  if (m.paused) return none('paused');
  if (m.draining) return none('draining');
  if (m.stockLeft === null || maxOutstanding === null) return none('no_inventory');
  if (m.soldOut || m.stockLeft <= 0) return none('sold_out');

  const budget = (effectiveRate * policy.tickMs) / 1000 + m.carry;
  const byRate = Math.floor(budget);
  const room = Math.max(0, maxOutstanding - m.admittedNow);
  const waiting = Math.max(0, m.waiting);
  const rateBound: BoundBy = byPipeline < m.rate ? 'pipeline' : 'rate';
  if (byRate <= room && byRate <= waiting) return { ...base, admit: byRate, carry: budget - byRate, boundBy: rateBound };
  // Stock or an empty queue bounds this tick: nothing is owed to later ticks.
  if (room <= waiting) return { ...base, admit: room, carry: 0, boundBy: 'stock' };
  return { ...base, admit: waiting, carry: 0, boundBy: 'queue' };
}
