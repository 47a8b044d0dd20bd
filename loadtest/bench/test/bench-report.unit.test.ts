import { k6ThresholdsOk, k6Value, num, parseRedisBenchmark, parseResults, quantileBetween, routeBuckets } from '../results';
import { BEGIN, END, mergeIntoDoc, renderConsoleTable, renderMarkdown, type Row } from '../report';

describe('parseResults', () => {
  it('takes every RESULT line', () => {
    const out = 'noise\nRESULT {"name":"reads","p99":3}\nmore\nRESULT {"name":"reads-direct","p99":2}\n';
    expect(parseResults(out)).toEqual([{ name: 'reads', p99: 3 }, { name: 'reads-direct', p99: 2 }]);
  });

  it('falls back to one pretty-printed JSON object', () => {
    expect(parseResults('start\n{\n  "orders": 5,\n  "x": {"a": 1}\n}\ndone')).toEqual([{ orders: 5, x: { a: 1 } }]);
  });

  it('reads nested numbers, also from strings', () => {
    expect(num({ acceptedMs: { p95: '12.5' } }, 'acceptedMs.p95')).toBe(12.5);
    expect(num({ acceptedMs: { p95: 'n/a' } }, 'acceptedMs.p95')).toBeUndefined();
  });
});

describe('k6 summary exports', () => {
  const summary = { metrics: { order_accepted_ms: { values: { 'p(95)': 42 }, thresholds: { 'p(95)<=100': { ok: true } } }, checks: { thresholds: { 'rate>0.99': { ok: false } } } } };
  it('reads values and thresholds', () => {
    expect(k6Value(summary, 'order_accepted_ms', 'p(95)')).toBe(42);
    expect(k6ThresholdsOk(summary)).toBe(false);
  });
});

describe('parseRedisBenchmark', () => {
  it('keeps the final figure of each test, past the \\r progress updates', () => {
    const out = 'SET: rps=1000.0 (overall: 900.0) avg_msec=1\rSET: 49019.61 requests per second, p50=0.511 msec\n' +
      'GET: 50251.26 requests per second, p50=0.503 msec\n' +
      '"EVAL": 52910.05 requests per second, p50=0.479 msec\n';
    expect(parseRedisBenchmark(out)).toEqual({ SET: 49019.61, GET: 50251.26, EVAL: 52910.05 });
  });
});

describe('docs/benchmarks.md', () => {
  const rows: Row[] = [{ what: 'join p99', target: '≤ 20 ms', measured: '7 ms', pass: true }, { what: 'hello', target: 'baseline', measured: '1 req/s', pass: null }];
  const section = renderMarkdown(rows, { date: 'd', command: 'bash loadtest/bench.sh', machine: 'm', seconds: 1, notes: ['n'] });

  it('renders a table with verdicts', () => {
    expect(section).toContain('| join p99 | ≤ 20 ms | 7 ms | pass |');
    expect(renderConsoleTable(rows)).toMatch(/hello .*\| —/);
  });

  it('replaces the generated section on top and keeps the hand-written ones', () => {
    const first = mergeIntoDoc('# Benchmarks\n\n## Orders (by hand)\ntext\n', section);
    expect(first.startsWith(`# Benchmarks\n\n${BEGIN}`)).toBe(true);
    const second = mergeIntoDoc(first, section.replace('7 ms', '8 ms'));
    expect(second).toContain('8 ms');
    expect(second).not.toContain('| 7 ms');
    expect(second.split(BEGIN).length).toBe(2);
    expect(second.indexOf(END)).toBeLessThan(second.indexOf('## Orders (by hand)'));
  });
});

describe('server-side quantiles from two Prometheus scrapes', () => {
  const scrape = (counts: [string, number][], route = '/v1/drops/:dropId/orders', status = '202') => counts
    .map(([le, n]) => `http_request_duration_seconds_bucket{le="${le}",service="gateway",method="POST",route="${route}",status="${status}"} ${n}`)
    .join('\n');
  const route = '/v1/drops/:dropId/orders';

  it('reads the route\'s 2xx buckets only and gives the bucket bound holding the quantile of the requests in between', () => {
    const before = routeBuckets(scrape([['0.005', 10], ['0.02', 10], ['0.05', 10], ['+Inf', 10]]), 'POST', route);
    const text = [
      scrape([['0.005', 60], ['0.02', 100], ['0.05', 109], ['+Inf', 110]]),
      scrape([['0.005', 0], ['0.02', 0], ['0.05', 0], ['+Inf', 500]], route, '409'), // refusals: not accepted orders
      scrape([['0.005', 0], ['0.02', 0], ['0.05', 0], ['+Inf', 900]], '/v1/drops/:dropId/queue'),
    ].join('\n');
    const after = routeBuckets(text, 'POST', route);
    // 100 requests in between: 50 ≤ 5 ms, 90 ≤ 20 ms, 99 ≤ 50 ms, 100 in all.
    expect(quantileBetween(before, after, 0.5)).toBe(5);
    expect(quantileBetween(before, after, 0.9)).toBe(20);
    expect(quantileBetween(before, after, 0.95)).toBe(50);
    expect(quantileBetween(before, after, 1)).toBe(Infinity);
    expect(quantileBetween(after, after, 0.95)).toBeUndefined();
  });
});
