// `npm run start:all`: runs every LiveDrop process together (the local default), prefixing their output and
// forwarding SIGTERM/SIGINT. A process that dies is restarted with exponential backoff while the others keep
// serving (scripts/restart-policy.ts); only a crash loop or a configuration error stops everything, loudly.
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROCESSES, workerNice, type ProcessSpec } from './processes';
import { decideRestart } from './restart-policy';

const root = join(__dirname, '..');
const only = process.argv.slice(2);
const selected = only.length ? PROCESSES.filter((p) => only.includes(p.name)) : PROCESSES;
const children = new Map<string, ChildProcess>();
const restartTimers = new Set<NodeJS.Timeout>();
let stopping = false;

const WORKER_NICE = workerNice();
const say = (name: string, line: string) => process.stdout.write(`${name.padEnd(15)} | ${line}\n`);

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const timer of restartTimers) clearTimeout(timer);
  for (const child of children.values()) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 20_000);
  force.unref();
  const waitAll = () => (children.size === 0 ? process.exit(code) : setTimeout(waitAll, 100));
  waitAll();
}

function start(spec: ProcessSpec, fastCrashes: number) {
  // Local development runs the TypeScript sources through tsx: no build step, an edit applies on the
  // next start, and the Temporal worker bundles the workflow sources as they are (workflowCode()).
  // The image runs the compiled build instead (npm run build, Dockerfile, docker-compose.yml).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, spec.entry)], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (spec.background && WORKER_NICE > 0 && child.pid) setPriority(child.pid, WORKER_NICE);
  const startedAt = Date.now();
  children.set(spec.name, child);
  say(spec.name, `started (pid ${child.pid})`);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => say(spec.name, line));
  }
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    say(spec.name, `exited (${signal ?? code})`);
    if (stopping) return;
    const decision = decideRestart({ code, ranForMs: Date.now() - startedAt }, fastCrashes);
    if (!decision.restart) {
      say(spec.name, `NOT restarting: ${decision.reason}; stopping every process`);
      return stopAll(code === 0 || code === null ? 1 : code);
    }
    say(spec.name, `restarting in ${decision.delayMs} ms (crash ${decision.fastCrashes} in a row); the others keep serving`);
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) start(spec, decision.fastCrashes);
    }, decision.delayMs);
    restartTimers.add(timer);
  });
}

for (const spec of selected) start(spec, 0);

process.on('SIGTERM', () => stopAll(0));
process.on('SIGINT', () => stopAll(0));
