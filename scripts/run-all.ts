// `npm run start:all`: runs every LiveDrop process together (the local default), prefixing their
// output, forwarding SIGTERM/SIGINT, and stopping the rest if one dies so failures are never silent.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PROCESSES } from './processes';

const root = join(__dirname, '..');
const only = process.argv.slice(2);
const selected = only.length ? PROCESSES.filter((p) => only.includes(p.name)) : PROCESSES;
const children = new Map<string, ChildProcess>();
let stopping = false;

function stopAll(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of children.values()) child.kill('SIGKILL');
    process.exit(code);
  }, 20_000);
  force.unref();
  const waitAll = () => (children.size === 0 ? process.exit(code) : setTimeout(waitAll, 100));
  waitAll();
}

for (const spec of selected) {
  // Local development runs the TypeScript sources through tsx: no build step, an edit applies on the
  // next start, and the Temporal worker bundles the workflow sources as they are (workflowCode()).
  // The image runs the compiled build instead (npm run build, Dockerfile, docker-compose.yml).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, spec.entry)], {
    cwd: root,
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.set(spec.name, child);
  const pad = spec.name.padEnd(15);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${pad} | ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    children.delete(spec.name);
    process.stdout.write(`${pad} | exited (${signal ?? code})\n`);
    if (!stopping) stopAll(code === 0 ? 1 : (code ?? 1));
  });
}

process.on('SIGTERM', () => stopAll(0));
process.on('SIGINT', () => stopAll(0));
