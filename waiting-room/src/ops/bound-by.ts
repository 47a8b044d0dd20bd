/**
 * What holds a drop's admission back right now, for the ops console. Derived from the state the tick leaves
 * behind (admission hash, stock, admitted set), so any reader can compute it without being the controller.
 * Order matters: an ops decision (pause, drain) explains a standstill before stock or the pipeline does.
 */
export type BoundBy =
  | 'not_started' // scheduled, or live with the pre-queue not sealed yet
  | 'paused'
  | 'draining'
  | 'sold_out'
  | 'stock' // every unit left is already claimed by an admitted shopper
  | 'queue_empty' // nobody waiting: demand, not the rate, is the limit
  | 'pipeline' // the order pipeline is slow or backed up: the rate is halved
  | 'rate'; // the configured rate

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
}

export function boundBy(s: AdmissionState): BoundBy {
  if (s.status === 'scheduled' || !s.queueOpen) return 'not_started';
  if (s.paused) return 'paused';
  if (s.draining) return 'draining';
  if (s.soldOut) return 'sold_out';
  if (s.queueLength > 0 && (s.stockLeft === null || s.stockLeft - s.admittedNow <= 0)) return 'stock';
  if (s.queueLength === 0) return 'queue_empty';
  if (s.effectiveRate < s.rate) return 'pipeline';
  return 'rate';
}
