// Reading the numbers benchmark scripts print. The convention: a line `RESULT {json}` with a `name`
// (join, orders, reads, ws-ticks, …). Older scripts that print one pretty JSON object still parse.

export type BenchResult = Record<string, unknown> & { name?: string };

export function parseResults(stdout: string): BenchResult[] {
  const lines = stdout.split('\n');
  const tagged = lines.filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice('RESULT '.length)) as BenchResult);
  if (tagged.length) return tagged;
  const start = lines.indexOf('{');
  const end = lines.indexOf('}', start);
  if (start >= 0 && end > start) return [JSON.parse(lines.slice(start, end + 1).join('\n')) as BenchResult];
  return [];
}

/** `nested(r, 'latencyMs.p99')` → number, or undefined when missing / not a number. */
export function num(value: unknown, path: string): number | undefined {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  const n = typeof cur === 'string' ? Number(cur) : cur;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Values out of a k6 `--summary-export` file: `k6Value(summary, 'order_accepted_ms', 'p(95)')`. */
export function k6Value(summary: unknown, metric: string, stat: string): number | undefined {
  const values = (summary as { metrics?: Record<string, { values?: Record<string, number> }> })?.metrics?.[metric]?.values;
  const v = values?.[stat];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Every threshold of a k6 summary export held. */
export function k6ThresholdsOk(summary: unknown): boolean {
  const metrics = (summary as { metrics?: Record<string, { thresholds?: Record<string, { ok: boolean }> }> })?.metrics ?? {};
  return Object.values(metrics).every((m) => Object.values(m.thresholds ?? {}).every((t) => t.ok));
}

/** redis-benchmark -q: "SET: 49019.61 requests per second, p50=0.511 msec" → { SET: 49019.61 }. */
export function parseRedisBenchmark(stdout: string): Record<string, number> {
  const out: Record<string, number> = {};
  // -q output rewrites its progress line with \r; only the final text after the last \r counts.
  for (const raw of stdout.split('\n')) {
    const line = raw.split('\r').pop() ?? '';
    // The label of a custom command is the whole command line (colons included): key by its first word.
    const m = /^\s*(.+?):\s*([\d.]+) requests per second/.exec(line);
    if (m) out[m[1]!.replace(/"/g, '').trim().split(/\s+/)[0]!.toUpperCase()] = Number(m[2]);
  }
  return out;
}

/** Cumulative bucket counts (`le` in seconds → count) of one route's request histogram in a Prometheus scrape. */
export function routeBuckets(scrape: string, method: string, route: string): Map<number, number> {
  const buckets = new Map<number, number>();
  for (const line of scrape.split('\n')) {
    if (!line.startsWith('http_request_duration_seconds_bucket{')) continue;
    const labels = Object.fromEntries([...line.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (labels.method !== method || labels.route !== route || !labels.status?.startsWith('2')) continue;
    const le = labels.le === '+Inf' ? Infinity : Number(labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return buckets;
}

/**
 * The server-side q-quantile of the requests between two scrapes, as the upper bound (ms) of the bucket it
 * falls in: what the process itself measured, free of the load generator's own delays. undefined: no requests.
 */
export function quantileBetween(before: Map<number, number>, after: Map<number, number>, q: number): number | undefined {
  const les = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return undefined;
  const le = les.find((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0) >= q * total);
  return le === undefined ? undefined : le * 1000;
}
