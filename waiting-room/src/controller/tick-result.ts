import type { AdmissionMeasures, BoundBy } from './admission-bounds';

/** The outcome of one tick (tick-10.lua, admission-bounds.ts, admit-5.lua). */
export interface TickResult {
  serving: number;
  effectiveRate: number;
  rate: number;
  stockLeft: number;
  soldOut: boolean;
  paused: boolean;
  draining: boolean;
  queueLength: number;
  admittedNow: number;
  noShowsExpired: number;
  /** 1 just sold out, -1 stock came back, 0 no change. */
  soldOutChange: -1 | 0 | 1;
  /** The order pipeline is above its backlog or latency target (admission follows its sustained rate). */
  backoff: boolean;
  /** What limited this tick's admissions. */
  boundBy: BoundBy;
  /** Units bought per admission, measured over the recent window. */
  conversion: number;
  /** Orders confirmed per second, sustained. */
  confirmRate: number;
  /** Orders holding a reservation (null when the pipeline has not reported yet). */
  inflight: number | null;
  /** Most shoppers admitted at once for the units left (null without inventory). */
  maxOutstanding: number | null;
  admitted: { userId: number; ticket: number }[];
}

/** tick-10.lua's reply: the measures, plus what the script itself did (expiries, the sold-out flag). */
export interface TickMeasures extends AdmissionMeasures {
  serving: number;
  seq: number;
  rawStock: number;
  soldOutChange: -1 | 0 | 1;
  noShowsExpired: number;
}

export function decodeMeasures(r: (string | number)[], defaultRate: number): TickMeasures {
  const num = (i: number) => Number(r[i]);
  const [serving, seq, stock, inflight, latency] = [num(4), num(5), num(6), num(11), num(12)];
  return {
    rate: r[0] === '' ? defaultRate : Number(r[0]),
    paused: r[1] === 1,
    draining: r[2] === 1,
    carry: Number(r[3]) || 0,
    serving,
    seq,
    rawStock: stock,
    stockLeft: stock < 0 ? null : stock,
    admittedNow: num(7),
    waiting: Math.max(0, seq - serving),
    soldOut: r[8] === 1,
    soldOutChange: num(9) as TickMeasures['soldOutChange'],
    noShowsExpired: num(10),
    pipeline: {
      inflight: inflight < 0 ? null : inflight, latencyAvgMs: latency < 0 ? null : latency, confirmed: num(13), seconds: num(14),
      lastSecond: num(19),
    },
    outcomes: { units: num(15), buyers: num(16), nonBuyers: num(17), undecided: num(18) },
  };
}
