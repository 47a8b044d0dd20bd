// k6 threshold syntax: { 'metric{tag:val}': ['p(95)<200', {threshold:'rate<0.01', abortOnFail:true}] }
import { registry, type Metric, type Sink } from './metrics';
import { parseDuration } from './duration';

const EXPR = /^\s*(avg|min|max|med|count|rate|value|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$/i;

export type ThresholdSpec = string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string | number };
export type ThresholdsOption = Record<string, ThresholdSpec | ThresholdSpec[]>;

export interface Threshold {
  metricKey: string;     // e.g. "http_req_duration{name:join}"
  metric: Metric;
  sink: Sink;
  source: string;
  agg: string;
  op: string;
  limit: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
  ok: boolean;
  actual: number | undefined;
  empty?: boolean;
}

/** Validates and resolves every threshold; throws on unknown metrics or bad syntax. */
export function parseThresholds(thresholds: ThresholdsOption = {}): Threshold[] {
  const parsed: Threshold[] = [];
  for (const [key, list] of Object.entries(thresholds)) {
    const m = /^([^{]+?)\s*(?:\{(.*)\})?\s*$/.exec(key);
    const metric = m?.[1] !== undefined ? registry.get(m[1]) : undefined;
    if (!m || !metric) throw new Error(`invalid threshold "${key}": metric "${m?.[1] ?? key}" is not defined (custom metrics must be created in the init context)`);
    const target = m[2] ? metric.submetric(m[2]) : { key: metric.name, sink: metric.sink };
    const items = Array.isArray(list) ? list : [list];
    for (const item of items) {
      const spec = typeof item === 'string' ? { threshold: item } : item;
      const e = EXPR.exec(spec.threshold ?? '');
      if (!e) throw new Error(`invalid threshold expression "${spec.threshold}" on "${key}"`);
      const agg = (e[1] ?? '').toLowerCase();
      if (agg.startsWith('p(') && metric.type !== 'trend') {
        throw new Error(`threshold "${spec.threshold}": percentiles need a trend metric, "${metric.name}" is a ${metric.type}`);
      }
      parsed.push({
        metricKey: target.key,
        metric,
        sink: target.sink,
        source: spec.threshold,
        agg,
        op: e[2] ?? '',
        limit: Number(e[3]),
        abortOnFail: Boolean(spec.abortOnFail),
        delayAbortEvalMs: spec.delayAbortEval ? parseDuration(spec.delayAbortEval, 'delayAbortEval') : 0,
        ok: true,
        actual: undefined,
      });
    }
  }
  return parsed;
}

function compare(a: number, op: string, b: number): boolean {
  switch (op) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '==': case '===': return a === b;
    case '!=': return a !== b;
    default: return false;
  }
}

/** Re-evaluates all thresholds in place; returns true when all pass. */
export function evaluateThresholds(parsed: Threshold[], testDurationMs: number): boolean {
  let allOk = true;
  for (const t of parsed) {
    t.actual = t.sink.aggregate(t.agg, testDurationMs);
    // A metric without samples is evaluated as zero (count 0, rate 0, p(x) 0),
    // like k6 >= 0.38 does for counters and trends; the engine also warns.
    t.empty = t.sink.count === 0;
    t.ok = compare(t.actual, t.op, t.limit);
    if (!t.ok) allOk = false;
  }
  return allOk;
}
