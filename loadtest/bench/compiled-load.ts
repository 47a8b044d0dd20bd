// Compiled load generators for the HTTP benchmarks: on 2 cores a Node generator takes the server's CPU.
//  - wrk (Debian package): closed loop, as fast as it goes → throughput (join vs the hello-world baseline).
//  - vegeta (Go, `go install` by scripts/install-system.sh into .tools/bin): open loop at a fixed rate → latency
//    percentiles measured from each request's scheduled send time, so a stalled server cannot hide its queueing.
// Both send a different user's access token with each request where the request is per account.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from './run-command';

const ROOT = join(__dirname, '..', '..');
export const WRK_SCRIPT = join(ROOT, 'loadtest', 'bench', 'wrk', 'per-user.lua');

export interface LoadResult {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
}

/** The tools, or a message that says how to get them. */
export function compiledTools(env: NodeJS.ProcessEnv = process.env): { wrk: string; vegeta: string } {
  const vegeta = env.VEGETA_BIN ?? join(ROOT, '.tools', 'bin', 'vegeta');
  if (!existsSync(vegeta)) throw new Error(`vegeta not found at ${vegeta}: run bash scripts/install-system.sh`);
  return { wrk: env.WRK_BIN ?? 'wrk', vegeta };
}

const round = (v: number) => Math.round(v * 100) / 100;

/** The `WRK {json}` line our wrk script prints in `done` (latencies in µs) → ms. */
export function parseWrkDone(stdout: string): LoadResult {
  const line = stdout.split('\n').find((l) => l.startsWith('WRK '));
  if (!line) throw new Error('wrk printed no WRK line (did the script load?)');
  const w = JSON.parse(line.slice(4)) as Record<string, number>;
  const ms = (us: number | undefined) => round((us ?? NaN) / 1000);
  return {
    rps: Math.round(w.rps!), p50: ms(w.p50Us), p90: ms(w.p90Us), p99: ms(w.p99Us), max: ms(w.maxUs),
    requests: w.requests!, non2xx: w.non2xx!, errors: w.socketErrors!,
  };
}

/** `vegeta report -type=json` (latencies in ns) → ms. */
export function parseVegetaReport(json: string): LoadResult {
  const r = JSON.parse(json) as {
    latencies: Record<string, number>; requests: number; throughput: number; status_codes?: Record<string, number>;
    errors?: string[] | null;
  };
  const ms = (ns: number | undefined) => round((ns ?? NaN) / 1e6);
  const codes = r.status_codes ?? {};
  const ok = Object.entries(codes).filter(([c]) => c.startsWith('2')).reduce((n, [, v]) => n + v, 0);
  return {
    rps: Math.round(r.throughput), p50: ms(r.latencies['50th']), p90: ms(r.latencies['90th']), p99: ms(r.latencies['99th']),
    max: ms(r.latencies.max), requests: r.requests, non2xx: r.requests - ok - (codes['0'] ?? 0), errors: codes['0'] ?? 0,
  };
}

/** vegeta's JSON target lines: one request per token (cycled by vegeta), or one plain request. */
export function vegetaTargets(method: string, url: string, tokens: string[] | null): string {
  const line = (token?: string) => JSON.stringify({ method, url, ...(token ? { header: { Authorization: [`Bearer ${token}`] } } : {}) });
  return `${(tokens ?? [undefined]).map((t) => line(t)).join('\n')}\n`;
}

export interface WrkRun { url: string; durationS: number; connections: number; threads: number; tokensFile: string; method: string; path: string }

export async function runWrk(label: string, wrk: string, o: WrkRun): Promise<LoadResult> {
  const r = await runCommand(label, wrk, [
    `-t${o.threads}`, `-c${o.connections}`, `-d${o.durationS}s`, '-s', WRK_SCRIPT, o.url, '--', o.tokensFile, o.method, o.path,
  ], { cwd: ROOT, timeoutMs: (o.durationS + 60) * 1000 });
  if (r.code !== 0) throw new Error(`wrk exited with ${r.code}`);
  return parseWrkDone(r.stdout);
}

export interface VegetaRun { method: string; url: string; tokens: string[] | null; rate: number; durationS: number; workDir: string }

export async function runVegeta(label: string, vegeta: string, o: VegetaRun): Promise<LoadResult> {
  const targets = join(o.workDir, `${label}-targets.jsonl`);
  const results = join(o.workDir, `${label}-results.bin`);
  writeFileSync(targets, vegetaTargets(o.method, o.url, o.tokens));
  const attack = await runCommand(label, vegeta, [
    'attack', '-format=json', `-targets=${targets}`, `-rate=${o.rate}/1s`, `-duration=${o.durationS}s`, '-max-body=0',
    '-timeout=10s', `-output=${results}`,
  ], { cwd: ROOT, timeoutMs: (o.durationS + 60) * 1000 });
  if (attack.code !== 0) throw new Error(`vegeta attack exited with ${attack.code}`);
  const report = await runCommand(`${label}-report`, vegeta, ['report', '-type=json', results], { cwd: ROOT, timeoutMs: 60_000 });
  if (report.code !== 0) throw new Error(`vegeta report exited with ${report.code}`);
  return parseVegetaReport(report.stdout);
}
