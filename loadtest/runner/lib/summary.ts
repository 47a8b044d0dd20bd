// End-of-test summary: the data object (same shape k6 passes to handleSummary,
// also written by --summary-export) and the human-readable text report.
import { registry, type Metric, type MetricContains, type MetricType, type Sink } from './metrics';
import { groupToJSON, type GroupJSON } from './groups';
import type { Threshold } from './thresholds';
import type { K6Options } from './options';

/** One metric in the summary data: `values` holds the aggregations k6 reports for its type. */
export interface SummaryMetric {
  type: MetricType;
  contains: MetricContains;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}
/** The object k6 passes to handleSummary(data) (and --summary-export writes). */
export interface SummaryData {
  root_group: GroupJSON;
  options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  metrics: Record<string, SummaryMetric>;
}

const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

function valuesOf(metricType: MetricType, sink: Sink, trendStats: string[], durationMs: number): Record<string, number> {
  switch (metricType) {
    case 'counter':
      return { count: sink.aggregate('count'), rate: sink.aggregate('rate', durationMs) };
    case 'gauge':
      return { value: sink.last, min: sink.count ? sink.min : 0, max: sink.count ? sink.max : 0 };
    case 'rate':
      return { rate: sink.aggregate('rate'), passes: sink.passes, fails: sink.count - sink.passes };
    default: {
      const out: Record<string, number> = {};
      for (const stat of trendStats) out[stat] = sink.aggregate(stat === 'count' ? 'count' : stat, durationMs);
      return out;
    }
  }
}

export function buildSummaryData({ thresholds, options, durationMs }: { thresholds: Threshold[]; options: K6Options; durationMs: number }): SummaryData {
  const trendStats = options.summaryTrendStats ?? DEFAULT_TREND_STATS;
  const byKey = new Map<string, Record<string, { ok: boolean }>>();
  for (const t of thresholds) {
    const forKey = byKey.get(t.metricKey) ?? {};
    forKey[t.source] = { ok: t.ok };
    byKey.set(t.metricKey, forKey);
  }
  const metrics: Record<string, SummaryMetric> = {};
  const add = (key: string, metric: Metric, sink: Sink) => {
    const th = byKey.get(key);
    if (sink.count === 0 && !th) return; // k6 only reports metrics that saw samples
    metrics[key] = { type: metric.type, contains: metric.contains, values: valuesOf(metric.type, sink, trendStats, durationMs), ...(th ? { thresholds: th } : {}) };
  };
  for (const metric of [...registry.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    add(metric.name, metric, metric.sink);
    for (const sub of metric.submetrics) add(sub.key, metric, sub.sink);
  }
  return {
    root_group: groupToJSON(),
    options: { summaryTrendStats: trendStats, summaryTimeUnit: options.summaryTimeUnit ?? '', noColor: false },
    state: { isStdOutTTY: Boolean(process.stdout.isTTY), isStdErrTTY: Boolean(process.stderr.isTTY), testRunDurationMs: durationMs },
    metrics,
  };
}

// ---- text formatting -------------------------------------------------------

function formatMs(ms: number): string {
  if (ms === 0) return '0s';
  if (Math.abs(ms) < 1) return `${(ms * 1000).toFixed(2)}µs`;
  if (Math.abs(ms) < 1000) return `${ms.toFixed(2)}ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  const m = Math.floor(ms / 60_000);
  return `${m}m${((ms - m * 60_000) / 1000).toFixed(1)}s`;
}

function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (Math.abs(n) >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return `${i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

function formatValue(contains: MetricContains, v: number): string {
  if (contains === 'time') return formatMs(v);
  if (contains === 'data') return formatBytes(v);
  return formatNumber(v);
}

function pct(r: number): string {
  return `${(r * 100).toFixed(2)}%`;
}

function metricLine(m: SummaryMetric): string {
  const v = m.values;
  const at = (k: string) => v[k] ?? 0;
  switch (m.type) {
    case 'counter': {
      const rate = m.contains === 'data' ? `${formatBytes(at('rate'))}/s` : `${formatNumber(Number(at('rate').toFixed(2)))}/s`;
      return `${formatValue(m.contains, at('count')).padEnd(8)} ${rate}`;
    }
    case 'gauge':
      return `${formatValue(m.contains, at('value')).padEnd(8)} min=${formatValue(m.contains, at('min'))} max=${formatValue(m.contains, at('max'))}`;
    case 'rate':
      return `${pct(at('rate')).padEnd(8)} ✓ ${at('passes')} ✗ ${at('fails')}`;
    default:
      return Object.entries(v).map(([k, x]) => `${k}=${formatValue(m.contains, x)}`).join(' ');
  }
}

function checksText(group: GroupJSON, indent: number): string[] {
  const lines: string[] = [];
  const pad = ' '.repeat(indent);
  if (group.name) lines.push(`${pad}█ ${group.name}`, '');
  const inner = group.name ? indent + 2 : indent;
  const ipad = ' '.repeat(inner);
  for (const c of group.checks) {
    const total = c.passes + c.fails;
    if (c.fails === 0) lines.push(`${ipad}✓ ${c.name}`);
    else {
      lines.push(`${ipad}✗ ${c.name}`);
      lines.push(`${ipad} ↳  ${Math.floor((c.passes / total) * 100)}% — ✓ ${c.passes} / ✗ ${c.fails}`);
    }
  }
  if (group.checks.length) lines.push('');
  for (const g of group.groups) lines.push(...checksText(g, inner));
  return lines;
}

export function renderText(data: SummaryData, thresholds: Threshold[], runInfo: string): string {
  const out = [''];
  out.push(...checksText(data.root_group, 5));

  const names = Object.keys(data.metrics);
  const width = Math.max(32, ...names.map((n) => n.length + 4));
  for (const key of names) {
    const m = data.metrics[key];
    if (!m) continue;
    const isSub = key.includes('{');
    let mark = ' ';
    if (m.thresholds) mark = Object.values(m.thresholds).every((t) => t.ok) ? '✓' : '✗';
    const label = isSub ? `  { ${key.slice(key.indexOf('{') + 1, -1)} }` : key;
    out.push(`   ${mark} ${`${label}`.padEnd(width, '.')}: ${metricLine(m)}`);
  }

  if (thresholds.length) {
    out.push('', '     THRESHOLDS');
    for (const t of thresholds) {
      const shown = t.agg === 'rate' && t.metric.type === 'rate' ? pct(t.actual ?? 0)
        : t.agg === 'count' || t.agg === 'rate' ? formatNumber(t.actual ?? 0)
          : formatValue(t.metric.contains, t.actual ?? 0);
      out.push(`     ${t.ok ? '✓' : '✗'} ${t.metricKey} '${t.source}' ${t.agg}=${shown}${t.empty ? ' (no samples)' : ''}`);
    }
  }

  out.push('', runInfo, '');
  return out.join('\n');
}
