import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PROCESSES, type ProcessSpec } from '../scripts/processes';
import { testConfig } from './support/test-env';

const ROOT = join(__dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns one process entry point with tsx, collecting its output. */
function start(spec: ProcessSpec, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, spec.entry)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitForStatus(url: string, status: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === status) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})`);
}

describe('process entry points', () => {
  it.each(PROCESSES.map((p) => [p.name, p] as const))(
    '%s starts, reports healthy and ready, and shuts down cleanly on SIGTERM',
    async (_name, spec) => {
      const port = await freePort();
      // The gateway's public port keeps metrics for the ops role; its ops port serves them to probes.
      const opsPort = spec.name === 'gateway' ? await freePort() : port;
      const proc = start(spec, {
        [spec.portKey]: String(port), MYSQL_URL: testConfig().MYSQL_URL, REDIS_URL: testConfig().REDIS_URL,
        ...(opsPort !== port ? { GATEWAY_OPS_PORT: String(opsPort) } : {}),
      });
      try {
        await waitForStatus(`http://127.0.0.1:${port}/healthz`, 200, 60_000);
        await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200, 30_000);
        const metrics = await fetch(`http://127.0.0.1:${opsPort}/metrics`);
        expect(await metrics.text()).toContain('process_cpu_user_seconds_total');
        const ready = (await (await fetch(`http://127.0.0.1:${opsPort}/readyz`)).json()) as { checks: Record<string, string> };
        expect(Object.values(ready.checks).every((v) => v === 'ok')).toBe(true);
        if (opsPort !== port) expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(403);
      } catch (err) {
        throw new Error(`${(err as Error).message}\n--- output ---\n${proc.output()}`);
      } finally {
        proc.child.kill('SIGTERM');
      }
      expect(await proc.exited).toBe(0);
      expect(proc.output()).toContain('stopped');
    },
    120_000,
  );

  it('stops with a message naming the key when the environment is invalid', async () => {
    const proc = start(PROCESSES[1]!, { READ_API_PORT: 'not-a-port', REDIS_URL: 'ftp://nowhere' });
    expect(await proc.exited).toBe(78);
    expect(proc.output()).toMatch(/Invalid configuration — .*READ_API_PORT/);
    expect(proc.output()).toMatch(/REDIS_URL/);
  }, 60_000);

  it('stops with a message naming the port when it is already taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const { port } = blocker.address() as AddressInfo;
    try {
      const proc = start(PROCESSES[1]!, { READ_API_PORT: String(port) });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(`port ${port} (READ_API_PORT) on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  }, 60_000);
});

describe('launcher (scripts/run-all.ts)', () => {
  /** The latest pid the launcher reported for each process (`<name> | started (pid N)`). */
  const pidsIn = (output: string) => {
    const pids = new Map<string, number>();
    for (const m of output.matchAll(/^(\S+)\s+\| started \(pid (\d+)\)$/gm)) pids.set(m[1]!, Number(m[2]));
    return pids;
  };
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, output: () => string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${what} within ${timeoutMs} ms\n--- launcher output ---\n${output()}`);
  }

  it('restarts a SIGKILLed process while the others keep serving with their pids, and stops all on SIGTERM', async () => {
    const ports = new Map<string, number>();
    for (const spec of PROCESSES) ports.set(spec.name, await freePort());
    const env: Record<string, string> = {
      MYSQL_URL: testConfig().MYSQL_URL, REDIS_URL: testConfig().REDIS_URL, LOG_LEVEL: 'warn',
      // A queue of its own: this worker must not take workflows other tests start.
      TEMPORAL_TASK_QUEUE: `launcher-${process.pid}-${Date.now()}`,
      READ_API_URL: `http://127.0.0.1:${ports.get('read-api')}`,
    };
    for (const spec of PROCESSES) env[spec.portKey] = String(ports.get(spec.name));
    const launcher = start({ name: 'launcher', entry: 'scripts/run-all.ts', portKey: '', defaultPort: 0 }, env);
    const ready = async (name: string) => {
      try {
        return (await fetch(`http://127.0.0.1:${ports.get(name)}/readyz`)).status === 200;
      } catch {
        return false;
      }
    };
    const allReady = async () => ((await Promise.all(PROCESSES.map((p) => ready(p.name)))).every(Boolean) ? true : undefined);
    let before = new Map<string, number>();
    try {
      await until('all five ready', allReady, 120_000, launcher.output);
      before = pidsIn(launcher.output());
      expect([...before.keys()].sort()).toEqual(PROCESSES.map((p) => p.name).sort());

      const victim = before.get('temporal-worker')!;
      process.kill(victim, 'SIGKILL');
      const replacement = await until('temporal-worker restarted', () => {
        const pid = pidsIn(launcher.output()).get('temporal-worker');
        return pid !== undefined && pid !== victim ? pid : undefined;
      }, 30_000, launcher.output);
      await until('temporal-worker ready again', async () => ((await ready('temporal-worker')) ? true : undefined), 60_000, launcher.output);
      expect(alive(replacement)).toBe(true);
      expect(launcher.output()).toMatch(/temporal-worker\s+\| restarting in \d+ ms/);

      const after = pidsIn(launcher.output());
      for (const name of PROCESSES.map((p) => p.name).filter((n) => n !== 'temporal-worker')) {
        expect({ name, pid: after.get(name) }).toEqual({ name, pid: before.get(name) });
        expect(alive(before.get(name)!)).toBe(true);
        expect(await ready(name)).toBe(true);
      }
    } finally {
      launcher.child.kill('SIGTERM');
    }
    expect(await launcher.exited).toBe(0);
    for (const pid of pidsIn(launcher.output()).values()) expect({ pid, alive: alive(pid) }).toEqual({ pid, alive: false });
  }, 240_000);
});
