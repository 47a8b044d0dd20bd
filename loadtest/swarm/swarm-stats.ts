// Pure bookkeeping for the WebSocket swarm: latency percentiles and messages that never arrived.

export interface LatencyStats { count: number; p50: number; p95: number; p99: number; max: number }

/** Nearest-rank percentiles (ms) of `samples`; zeros when there are none. */
export function latencyStats(samples: number[]): LatencyStats {
  if (samples.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  return { count: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]! };
}

/**
 * Broadcasts are identified by their server `ts`. A socket should get every broadcast sent after it
 * subscribed: `expected` is the union of ids seen by anyone in the window, `missing` what each socket lacks.
 */
export function missingBroadcasts(perSocket: Set<number>[], windowStart: number, windowEnd: number) {
  const all = new Set<number>();
  for (const seen of perSocket) for (const id of seen) if (id >= windowStart && id <= windowEnd) all.add(id);
  let missing = 0;
  let socketsMissingSome = 0;
  for (const seen of perSocket) {
    let lacking = 0;
    for (const id of all) if (!seen.has(id)) lacking++;
    missing += lacking;
    if (lacking > 0) socketsMissingSome++;
  }
  return { broadcasts: all.size, expected: all.size * perSocket.length, missing, socketsMissingSome };
}
