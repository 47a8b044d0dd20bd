// Shared by the read and alert benchmarks: the migrated `livedrop_bench` database and real service
// processes (their own main.ts) on free ports, stopped with SIGTERM at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createKnex, createLogger, createRedis, loadConfig, withDatabase } from '@livedrop/common';

export const ROOT = join(__dirname, '..', '..');
const BENCH_DB = 'livedrop_bench';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function openBenchDatabase() {
  const base = loadConfig(process.env);
  const admin = createKnex(base.MYSQL_URL, 1);
  await admin.raw(`CREATE DATABASE IF NOT EXISTS ${BENCH_DB}`);
  await admin.destroy();
  const mysqlUrl = withDatabase(base.MYSQL_URL, BENCH_DB);
  const config = loadConfig({ ...process.env, MYSQL_URL: mysqlUrl });
  const knex = createKnex(mysqlUrl, 5);
  await knex.migrate.latest();
  const redis = await createRedis(config.REDIS_URL, createLogger({ LOG_LEVEL: 'silent' }, 'bench'), 'bench');
  return { config, knex, redis, mysqlUrl, close: async () => { await redis.quit(); await knex.destroy(); } };
}

export interface Service { url: string; port: number; child: ChildProcess; stop(): Promise<void> }

/**
 * Starts `<entry>` with tsx on a free port (env key `portKey`) and waits for /healthz.
 * BENCH_CPU_PROF_DIR=<dir>: each service writes a V8 CPU profile there when it stops (open in Chrome DevTools).
 */
export async function startService(entry: string, portKey: string, env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const profDir = process.env.BENCH_CPU_PROF_DIR;
  const profile = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(ROOT, entry)], {
    cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env, [portKey]: String(port) }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { url, port, child, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`${entry} did not become healthy`);
}

export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
