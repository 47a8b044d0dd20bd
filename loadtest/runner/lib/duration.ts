// k6 duration strings ("500ms", "10s", "1m30s", "1h", "1.5s") -> milliseconds.
// Plain numbers are taken as milliseconds, matching k6's JS options handling.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, us: 0.001, 'µs': 0.001 };

export function parseDuration(value: unknown, what = 'duration'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000; // bare "30" = seconds, as the k6 CLI does
  const re = /(\d+(?:\.\d+)?)(ms|us|µs|s|m|h)/gy;
  let total = 0;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(text)) !== null) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  return total;
}

// Human form used in the summary/progress output, e.g. 1m05.2s.
export function formatElapsed(ms: number): string {
  const totalSec = ms / 1000;
  const min = Math.floor(totalSec / 60);
  const sec = (totalSec - min * 60).toFixed(1).padStart(4, '0');
  return `${min}m${sec}s`;
}

// Compact k6-style duration for config echo: 10s, 1m30s, 500ms.
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${Number(s.toFixed(3))}s` : ''}` || '0s';
}
