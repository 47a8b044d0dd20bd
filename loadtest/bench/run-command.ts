// Runs one benchmark command as a child process: output streamed with a prefix and kept for parsing,
// killed (by its own pid) when it overruns its time budget.
import { spawn } from 'node:child_process';

export interface CommandResult { code: number | null; stdout: string; seconds: number; timedOut: boolean }

export function runCommand(label: string, cmd: string, args: string[], opts: { env?: Record<string, string>; timeoutMs: number; cwd: string }) {
  return new Promise<CommandResult>((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let timedOut = false;
    const prefix = (chunk: Buffer) => chunk.toString().split('\n').filter((l) => l.trim()).map((l) => `  [${label}] ${l.split('\r').pop()}\n`).join('');
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); process.stdout.write(prefix(c)); });
    child.stderr.on('data', (c: Buffer) => process.stdout.write(prefix(c)));
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 10_000).unref(); }, opts.timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, seconds: (Date.now() - started) / 1000, timedOut });
    });
  });
}
