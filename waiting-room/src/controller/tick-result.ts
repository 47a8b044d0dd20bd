/** The outcome of one tick-9.lua run, decoded. */
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
  backoff: boolean;
  admitted: { userId: number; ticket: number }[];
}

export function decodeTick(r: (string | number)[]): TickResult {
  const admitted: TickResult['admitted'] = [];
  for (let i = 12; i + 1 < r.length; i += 2) admitted.push({ userId: Number(r[i]), ticket: Number(r[i + 1]) });
  return {
    serving: Number(r[0]),
    effectiveRate: Number(r[1]),
    rate: Number(r[2]),
    stockLeft: Number(r[3]),
    soldOut: r[4] === 1,
    paused: r[5] === 1,
    draining: r[6] === 1,
    queueLength: Number(r[7]),
    admittedNow: Number(r[8]),
    noShowsExpired: Number(r[9]),
    soldOutChange: Number(r[10]) as TickResult['soldOutChange'],
    backoff: r[11] === 1,
    admitted,
  };
}
