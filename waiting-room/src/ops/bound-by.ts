import { BOUND_BY, type BoundBy } from '../controller/admission-bounds';

/**
 * What holds a drop's admission back right now, for the ops console: the controller's own answer for its last
 * tick (admission-bounds.ts, stored in the admission hash), or before the queue opens `not_started`.
 * Without a stored answer (a controller that has not ticked this drop yet) it is derived from the state the
 * tick leaves behind, so any reader can compute it. An ops decision (pause, drain) explains a standstill first.
 */
export const OPS_BOUND_BY = ['not_started', ...BOUND_BY] as const;
export type OpsBoundBy = (typeof OPS_BOUND_BY)[number];

export interface AdmissionState {
  status: string;
  queueOpen: boolean;
  paused: boolean;
  draining: boolean;
  soldOut: boolean;
  stockLeft: number | null;
  admittedNow: number;
  queueLength: number;
  rate: number;
  effectiveRate: number;
  /** The controller's `boundBy` for its last tick, if any. */
  stored?: string;
}

const isBoundBy = (v: string | undefined): v is BoundBy => (BOUND_BY as readonly string[]).includes(v ?? '');

export function boundBy(s: AdmissionState): OpsBoundBy {
  if (s.status === 'scheduled' || !s.queueOpen) return 'not_started';
  if (s.paused) return 'paused';
  if (s.draining) return 'draining';
  if (s.soldOut) return 'sold_out';
  if (isBoundBy(s.stored)) return s.stored;
  if (s.stockLeft === null) return 'no_inventory';
  if (s.queueLength > 0 && s.stockLeft - s.admittedNow <= 0) return 'stock';
  if (s.queueLength === 0) return 'queue';
  if (s.effectiveRate < s.rate) return 'pipeline';
  return 'rate';
}
