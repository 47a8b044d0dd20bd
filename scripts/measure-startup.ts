// Start time and memory of every LiveDrop process, run from the TypeScript sources through tsx
// (development) and compiled (`npm run build`, what the image runs), one process at a time:
//   npm run build && npx tsx scripts/measure-startup.ts [runs=3]
// Start time = spawn until /readyz answers 200; RSS is read from /proc/<pid>/status once ready
// (VmRSS) together with the peak so far (VmHWM). Needs the infrastructure (scripts/infra-up.sh)
// and the ports of the current environment free; prints a markdown table (medians).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROCESSES, type ProcessSpec } from './processes';

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 3);
const host = process.env.HOST ?? '127.0.0.1';

type Mode = 'tsx' | 'compiled';
interface Sample { startMs: number; rssMb: number; peakMb: number }

function args(spec: ProcessSpec, mode: Mode): string[] {
  if (mode === 'tsx') return ['--import', 'tsx', join(root, spec.entry)];
  const compiled = spec.entry.replace('/src/', '/dist/').replace(/\.ts$/, '.js');
  return ['--conditions=compiled', join(root, compiled)];
}

function statusKb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(line?.replace(/\D+/g, '') ?? 0);
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).status === 200;
  } catch {
    return false;
  }
}

async function measure(spec: ProcessSpec, mode: Mode): Promise<Sample> {
  const port = process.env[spec.portKey] ?? String(spec.defaultPort);
  const url = `http://${host}:${port}/readyz`;
  if (await ready(url)) throw new Error(`${url} already answers: stop the running apps first`);
  const t0 = performance.now();
  const child = spawn(process.execPath, args(spec, mode), { cwd: root, env: process.env, stdio: 'ignore' });
  try {
    while (!(await ready(url))) {
      if (child.exitCode !== null) throw new Error(`${spec.name} (${mode}) exited with ${child.exitCode}`);
      if (performance.now() - t0 > 120_000) throw new Error(`${spec.name} (${mode}) not ready after 120 s`);
      await sleep(25);
    }
    const startMs = performance.now() - t0;
    const pid = child.pid ?? 0;
    return { startMs, rssMb: statusKb(pid, 'VmRSS') / 1024, peakMb: statusKb(pid, 'VmHWM') / 1024 };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000).then(() => child.kill('SIGKILL'))]);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main() {
  console.log(`| process | mode | start (ms) | RSS ready (MB) | peak RSS (MB) |\n|---|---|---|---|---|`);
  for (const spec of PROCESSES) {
    for (const mode of ['tsx', 'compiled'] as const) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) samples.push(await measure(spec, mode));
      const m = (f: (s: Sample) => number) => median(samples.map(f)).toFixed(0);
      console.log(`| ${spec.name} | ${mode} | ${m((s) => s.startMs)} | ${m((s) => s.rssMb)} | ${m((s) => s.peakMb)} |`);
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
