// The end-of-test summary data (what k6 hands to handleSummary(data) and --summary-export
// writes): per metric its type, `contains` and the values k6 reports for that type
// (counter: count, rate; gauge: value, min, max; rate: rate, passes, fails; trend: the
// summaryTrendStats), plus `thresholds: { expr: { ok } }`; metrics without samples are left out
// unless a threshold names them.
import { defineMetric } from '../lib/metrics';
import { evaluateThresholds, parseThresholds } from '../lib/thresholds';
import { buildSummaryData, renderText } from '../lib/summary';

const wait = defineMetric('sum_wait', 'trend', 'time');
const sold = defineMetric('sum_sold', 'counter');
const ok = defineMetric('sum_ok', 'rate');
const depth = defineMetric('sum_depth', 'gauge');
defineMetric('sum_unused', 'counter');
defineMetric('sum_watched', 'counter');
// Parsed before the samples arrive, as the engine does, so the submetric sees them.
const thresholds = parseThresholds({
  sum_wait: ['p(95)<100'],
  'sum_wait{name:join}': ['max<45'],
  sum_watched: ['count>0'],
});
for (const v of [10, 20, 30, 40, 50]) wait.add(v, { name: 'join' });
sold.add(4);
sold.add(6);
for (const v of [1, 1, 0]) ok.add(v);
for (const v of [5, 2, 8]) depth.add(v);
evaluateThresholds(thresholds, 2000);

describe('summary data', () => {
  const data = buildSummaryData({ thresholds, options: {}, durationMs: 2000 });

  it('reports each metric type with k6 values', () => {
    expect(data.metrics.sum_sold).toEqual({ type: 'counter', contains: 'default', values: { count: 10, rate: 5 } });
    expect(data.metrics.sum_ok?.values).toEqual({ rate: 2 / 3, passes: 2, fails: 1 });
    expect(data.metrics.sum_depth?.values).toEqual({ value: 8, min: 2, max: 8 });
    expect(data.metrics.sum_wait?.contains).toBe('time');
    expect(Object.keys(data.metrics.sum_wait?.values ?? {})).toEqual(['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)']);
    expect(data.metrics.sum_wait?.values).toMatchObject({ avg: 30, min: 10, med: 30, max: 50, 'p(90)': 46, 'p(95)': 48 });
  });

  it('attaches thresholds by their source expression, submetrics included', () => {
    expect(data.metrics.sum_wait?.thresholds).toEqual({ 'p(95)<100': { ok: true } });
    expect(data.metrics['sum_wait{name:join}']?.thresholds).toEqual({ 'max<45': { ok: false } });
  });

  it('leaves out metrics without samples unless a threshold names them', () => {
    expect(data.metrics.sum_unused).toBeUndefined();
    expect(data.metrics.sum_watched).toMatchObject({ values: { count: 0, rate: 0 }, thresholds: { 'count>0': { ok: false } } });
  });

  it('uses summaryTrendStats when given, count being the number of samples', () => {
    const custom = buildSummaryData({ thresholds, options: { summaryTrendStats: ['count', 'p(50)', 'max'] }, durationMs: 2000 });
    expect(custom.metrics.sum_wait?.values).toEqual({ count: 5, 'p(50)': 30, max: 50 });
    expect(custom.options.summaryTrendStats).toEqual(['count', 'p(50)', 'max']);
  });

  it('carries the test duration and the root group', () => {
    expect(data.state.testRunDurationMs).toBe(2000);
    expect(data.root_group).toMatchObject({ name: '', path: '', groups: [], checks: [] });
  });
});

describe('text summary', () => {
  const text = renderText(buildSummaryData({ thresholds, options: {}, durationMs: 2000 }), thresholds, 'run info');

  it('marks metrics and thresholds that passed ✓ and crossed ✗', () => {
    expect(text).toMatch(/✓ sum_wait\.+: avg=30\.00ms/);
    expect(text).toMatch(/✗ {3}\{ name:join \}/);
    expect(text).toContain("✓ sum_wait 'p(95)<100' p(95)=48.00ms");
    expect(text).toContain("✗ sum_watched 'count>0' count=0 (no samples)");
  });

  it('formats counters, rates and gauges', () => {
    expect(text).toMatch(/sum_sold\.+: 10 +5\/s/);
    expect(text).toMatch(/sum_ok\.+: 66\.67% +✓ 2 ✗ 1/);
    expect(text).toMatch(/sum_depth\.+: 8 +min=2 max=8/);
    expect(text.trimEnd().endsWith('run info')).toBe(true);
  });
});
