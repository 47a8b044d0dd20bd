// The runner's metric sinks against k6's documented semantics
// (https://grafana.com/docs/k6/latest/javascript-api/k6-metrics/): a Counter sums what is added,
// a Gauge keeps the last/min/max, a Rate is the share of non-zero samples, and a Trend's
// percentile is k6's TrendSink.P: i = p * (n - 1), linear interpolation between the sorted
// samples at floor(i) and ceil(i).
import { defineMetric, Sink } from '../lib/metrics';

function trend(values: number[]): Sink {
  const sink = new Sink('trend');
  for (const v of values) sink.add(v);
  return sink;
}

describe('trend', () => {
  it('interpolates percentiles between the closest ranks, whatever the insertion order', () => {
    const sink = trend([40, 10, 30, 20]);
    expect(sink.aggregate('p(50)')).toBe(25); // i = 1.5 -> 20 + (30 - 20) * 0.5
    expect(sink.aggregate('p(95)')).toBeCloseTo(38.5); // i = 2.85 -> 30 + 10 * 0.85
    expect(sink.aggregate('p(99.9)')).toBeCloseTo(39.97);
    expect(sink.aggregate('med')).toBe(25);
  });

  it('returns a sample itself when the rank falls on one', () => {
    const sink = trend([5, 1, 4, 2, 3]);
    expect(sink.aggregate('p(50)')).toBe(3); // i = 2
    expect(sink.aggregate('p(75)')).toBe(4); // i = 3
    expect(sink.aggregate('p(0)')).toBe(1);
    expect(sink.aggregate('p(100)')).toBe(5);
  });

  it('gives avg, min, max and the number of samples as count', () => {
    const sink = trend([2, 4, 9]);
    expect(sink.aggregate('avg')).toBe(5);
    expect(sink.aggregate('min')).toBe(2);
    expect(sink.aggregate('max')).toBe(9);
    expect(sink.aggregate('count')).toBe(3);
  });

  it('reports 0 for every stat without samples, and the value itself for one sample', () => {
    const empty = trend([]);
    for (const stat of ['avg', 'min', 'max', 'med', 'p(95)', 'count']) expect(empty.aggregate(stat)).toBe(0);
    expect(trend([7]).aggregate('p(99)')).toBe(7);
  });

  it('keeps growing past its initial buffer', () => {
    const sink = trend(Array.from({ length: 5000 }, (_, i) => 5000 - i));
    expect(sink.aggregate('count')).toBe(5000);
    expect(sink.aggregate('p(50)')).toBe(2500.5);
    expect(sink.aggregate('max')).toBe(5000);
  });
});

describe('rate', () => {
  it('is the share of non-zero samples, with passes and fails', () => {
    const sink = new Sink('rate');
    for (const v of [1, 0, 0, 1, 2, -1, 0, 0]) sink.add(v);
    expect(sink.aggregate('rate')).toBe(0.5);
    expect(sink.aggregate('passes')).toBe(4);
    expect(sink.aggregate('fails')).toBe(4);
    expect(sink.aggregate('count')).toBe(8);
  });

  it('is 0 without samples', () => {
    expect(new Sink('rate').aggregate('rate')).toBe(0);
  });

  it('takes booleans from a custom Rate', () => {
    const metric = defineMetric('unit_rate_bools', 'rate');
    metric.add(true);
    metric.add(false);
    metric.add(true);
    metric.add(true);
    expect(metric.sink.aggregate('rate')).toBe(0.75);
  });
});

describe('counter', () => {
  it('counts the sum of the added values and its rate per second of test time', () => {
    const sink = new Sink('counter');
    for (const v of [1, 2, 3, 4]) sink.add(v);
    expect(sink.aggregate('count')).toBe(10);
    expect(sink.aggregate('rate', 4000)).toBe(2.5);
    expect(sink.aggregate('rate', 0)).toBe(0);
  });
});

describe('gauge', () => {
  it('keeps the last value plus min and max', () => {
    const sink = new Sink('gauge');
    for (const v of [3, 9, 1, 4]) sink.add(v);
    expect(sink.aggregate('value')).toBe(4);
    expect(sink.aggregate('min')).toBe(1);
    expect(sink.aggregate('max')).toBe(9);
  });
});

describe('aggregations that do not exist for a type', () => {
  it('refuse percentiles on non-trends', () => {
    expect(() => new Sink('counter').aggregate('p(95)')).toThrow(/not valid for a counter/);
  });
});

describe('metrics and submetrics', () => {
  it('routes samples to a tag-filtered submetric only when every tag matches', () => {
    const metric = defineMetric('unit_latency', 'trend', 'time');
    const join = metric.submetric('name:join');
    const joinPost = metric.submetric('name:join, method:POST');
    metric.add(10, { name: 'join', method: 'POST' });
    metric.add(20, { name: 'join', method: 'GET' });
    metric.add(30, { name: 'browse', method: 'POST' });
    metric.add(40);
    expect(metric.sink.count).toBe(4);
    expect(join.key).toBe('unit_latency{name:join}');
    expect(join.sink.aggregate('avg')).toBe(15);
    expect(joinPost.key).toBe('unit_latency{name:join,method:POST}');
    expect(joinPost.sink.aggregate('max')).toBe(10);
  });

  it('accepts quoted tag values and returns the same submetric for the same filter', () => {
    const metric = defineMetric('unit_quoted', 'counter');
    const a = metric.submetric('status:"200"');
    const b = metric.submetric(" status : '200' ");
    expect(a).toBe(b);
    metric.add(1, { status: 200 });
    expect(a.sink.aggregate('count')).toBe(1);
  });

  it('returns the existing metric for the same name and type, and refuses another type', () => {
    const first = defineMetric('unit_same', 'counter');
    expect(defineMetric('unit_same', 'counter')).toBe(first);
    expect(() => defineMetric('unit_same', 'trend')).toThrow(/already defined as a counter/);
  });

  it('refuses names k6 would refuse', () => {
    expect(() => defineMetric('bad-name', 'counter')).toThrow(/invalid metric name/);
    expect(() => defineMetric('1st', 'counter')).toThrow(/invalid metric name/);
  });
});
