// What a server wrote to its log and its request-duration histogram, in a form two servers can be compared
// by (the parity tests of the fast paths against their Express routes).
import { createLogger, type Logger, type Metrics } from '@livedrop/common';

type Line = Record<string, unknown>;

/** A debug-level logger whose lines land, parsed, in `lines`. */
export function capturingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const logger = createLogger({ LOG_LEVEL: 'debug' }, 'parity', { write: (text: string) => void lines.push(JSON.parse(text) as Line) });
  return { logger, lines };
}

// Different on every request (or every process), so not part of what must match.
const VARYING = new Set(['time', 'ms', 'reqId', 'pid', 'hostname']);

const comparable = (line: Line): Line => {
  const kept = Object.fromEntries(Object.entries(line).filter(([key]) => !VARYING.has(key)));
  const err = line.err as { type?: unknown; message?: unknown } | undefined;
  return err ? { ...kept, err: { type: err.type, message: err.message } } : kept;
};

/**
 * The lines logged for one request id, once its access line (`msg: 'request'`, written when the answer has
 * been handed to the socket) is there; ids and timings left out.
 */
export async function linesOf(lines: Line[], reqId: string): Promise<Line[]> {
  for (let i = 0; i < 1000 && !lines.some((l) => l.reqId === reqId && l.msg === 'request'); i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return lines.filter((l) => l.reqId === reqId).map(comparable);
}

/** Every `http_request_duration_seconds` count as `METHOD route status count`, sorted. */
export async function requestCounts(metrics: Metrics): Promise<string[]> {
  const { values } = await metrics.httpDuration.get();
  return values
    .filter((v) => v.metricName === 'http_request_duration_seconds_count')
    .map((v) => `${v.labels.method} ${v.labels.route} ${v.labels.status} ${v.value}`)
    .sort();
}
