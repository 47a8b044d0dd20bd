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
