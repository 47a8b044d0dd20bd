// Threshold parsing and evaluation against k6's documented syntax
// (https://grafana.com/docs/k6/latest/using-k6/thresholds/): `<aggregation> <operator> <value>`,
// where the aggregation depends on the metric type (counter: count, rate; gauge: value;
// rate: rate; trend: avg, min, max, med, p(N)), a threshold passes while its expression is
// true, `metric{tag:value}` targets a submetric, and the object form carries abortOnFail and
// delayAbortEval.
import { defineMetric } from '../lib/metrics';
import { evaluateThresholds, parseThresholds } from '../lib/thresholds';

const latency = defineMetric('th_latency', 'trend', 'time');
const errors = defineMetric('th_errors', 'rate');
const orders = defineMetric('th_orders', 'counter');
const queue = defineMetric('th_queue', 'gauge');
// The engine parses thresholds before the test starts, so their submetrics see every sample.
parseThresholds({ 'th_latency{name:slow}': ['min>0'], 'th_latency{name:fast}': ['min>0'] });
for (const v of [100, 200, 300, 400]) latency.add(v, { name: v < 250 ? 'fast' : 'slow' });
for (const v of [0, 0, 0, 1]) errors.add(v);
orders.add(3);
orders.add(2);
queue.add(7);

function one(key: string, expr: string, durationMs = 1000) {
  const [t] = parseThresholds({ [key]: [expr] });
  if (!t) throw new Error('no threshold parsed');
  evaluateThresholds([t], durationMs);
  return t;
}

describe('expressions per metric type', () => {
  it.each([
    ['th_latency', 'p(95)<400', true],   // p(95) = 385
    ['th_latency', 'p(95)<380', false],
    ['th_latency', 'avg==250', true],
    ['th_latency', 'med<=250', true],
    ['th_latency', 'min>=100', true],
    ['th_latency', 'max>400', false],
    ['th_latency', 'p(99.9) < 400', true],
    ['th_errors', 'rate<0.3', true],      // 1 of 4
    ['th_errors', 'rate<0.25', false],
    ['th_orders', 'count>4', true],      // 3 + 2
    ['th_orders', 'count>=6', false],
    ['th_orders', 'rate==5', true],      // 5 per second over a 1 s test
    ['th_queue', 'value!=7', false],
    ['th_queue', 'value===7', true],
  ])('%s %s -> %s', (metric, expr, ok) => {
    const t = one(metric, expr);
    expect(t.ok).toBe(ok);
    expect(t.source).toBe(expr);
  });

  it('records the aggregated value it compared', () => {
    expect(one('th_latency', 'p(95)<1').actual).toBeCloseTo(385);
  });
});

describe('parsing', () => {
  it('reads the object form with abortOnFail and delayAbortEval', () => {
    const [t] = parseThresholds({ th_errors: [{ threshold: 'rate<0.01', abortOnFail: true, delayAbortEval: '10s' }] });
    expect(t).toMatchObject({ agg: 'rate', op: '<', limit: 0.01, abortOnFail: true, delayAbortEvalMs: 10_000 });
  });

  it('accepts a single expression instead of a list, and several thresholds per metric', () => {
    expect(parseThresholds({ th_latency: 'p(90)<500' })).toHaveLength(1);
    expect(parseThresholds({ th_latency: ['p(90)<500', 'max<1000'] })).toHaveLength(2);
  });

  it('targets a submetric for metric{tag:value}', () => {
    const t = one('th_latency{name:slow}', 'min>=300');
    expect(t.metricKey).toBe('th_latency{name:slow}');
    expect(t.ok).toBe(true);
    expect(one('th_latency{name:fast}', 'max<250').ok).toBe(true);
  });

  it('refuses unknown metrics, malformed expressions and percentiles on non-trends', () => {
    expect(() => parseThresholds({ no_such_metric: ['count>0'] })).toThrow(/metric "no_such_metric" is not defined/);
    expect(() => parseThresholds({ th_latency: ['p95<200'] })).toThrow(/invalid threshold expression/);
    expect(() => parseThresholds({ th_latency: ['p(95)<'] })).toThrow(/invalid threshold expression/);
    expect(() => parseThresholds({ th_latency: ['p(95)=>200'] })).toThrow(/invalid threshold expression/);
    expect(() => parseThresholds({ th_errors: ['p(95)<200'] })).toThrow(/percentiles need a trend metric/);
  });
});

describe('evaluation', () => {
  it('returns false when any threshold fails and marks each one', () => {
    const parsed = parseThresholds({ th_latency: ['p(95)<1000', 'p(50)<10'] });
    expect(evaluateThresholds(parsed, 1000)).toBe(false);
    expect(parsed.map((t) => t.ok)).toEqual([true, false]);
  });

  it('evaluates a metric without samples against zero and flags it as empty', () => {
    defineMetric('th_never', 'counter');
    defineMetric('th_never_trend', 'trend');
    const parsed = parseThresholds({ th_never: ['count>0'], th_never_trend: ['p(95)<100'] });
    evaluateThresholds(parsed, 1000);
    expect(parsed.map((t) => [t.ok, t.empty])).toEqual([[false, true], [true, true]]);
  });
});
