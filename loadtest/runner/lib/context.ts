// Per-VU / per-iteration context.
//
// k6 gives every VU its own JS runtime, so `__VU`, `__ITER` and the VU's event
// loop are naturally separate. Here all VUs share ONE Node event loop and ONE
// copy of the script module, so we keep "which VU / iteration am I?" in an
// AsyncLocalStorage store that follows every await, timer and socket callback
// started from inside an iteration. The globals __VU/__ITER are getters that
// read that store (see installGlobals).
import { AsyncLocalStorage } from 'node:async_hooks';
import { builtin } from './metrics';
import type { ScenarioRun } from './scenario';

/** Something an iteration waits for (a timer, a socket); abort() drops it on hard stop. */
export interface PendingHandle { abort(): void }

export const als = new AsyncLocalStorage<IterationState>();

/** The iteration currently running (or undefined in the init context). */
export function currentIteration(): IterationState | undefined {
  return als.getStore();
}

export class VU {
  iteration = 0;            // __ITER: iterations this VU has started (0-based)
  constructor(readonly id: number) {} // __VU, 1-based, unique across the whole test
}

// Global VU pool: ids are allocated once and reused across scenarios, like k6's
// pre-initialised VU buffer (vus_max is the number ever allocated).
export const vuPool = {
  free: [] as VU[],
  allocated: 0,
  active: 0,
  acquire(): VU {
    this.active++;
    let vu = this.free.pop();
    if (!vu) {
      vu = new VU(++this.allocated);
      builtin.vus_max.add(this.allocated);
    }
    // Sampled on the way up here and once a second by the engine (as k6 does),
    // so the final `vus` value is the last running level rather than 0.
    builtin.vus.add(this.active);
    return vu;
  },
  release(vu: VU): void {
    this.active--;
    this.free.push(vu);
  },
};

/**
 * Everything that belongs to one run of the default (or exec) function.
 * Async work started by the iteration (timers, websockets) registers here so
 * the iteration only completes once it is all done - k6 waits for a VU's event
 * loop to drain before starting its next iteration.
 */
export class IterationState {
  groupPath = '';                         // k6 group path, '' = root group, '::a::b' nested
  scenarioIteration = 0;                  // exec.scenario.iterationInTest
  readonly pending = new Set<PendingHandle>(); // open timers and sockets
  error: unknown = null;                  // first exception thrown by a timer/socket callback
  aborted = false;
  /**
   * Resolves when the iteration is hard-stopped and rejects when a timer/socket
   * callback throws, so the runner can move on even if the script is awaiting
   * something that will never resolve.
   */
  readonly abortSignal: Promise<void>;
  private idleWaiter: (() => void) | null = null;
  private resolveAbort!: () => void;
  private rejectAbort!: (err: unknown) => void;

  constructor(
    readonly vu: VU,
    readonly scenario: ScenarioRun | null, // null in setup/teardown
    readonly iteration = 0,                // value of __ITER for this run
  ) {
    this.abortSignal = new Promise<void>((resolve, reject) => {
      this.resolveAbort = resolve;
      this.rejectAbort = reject;
    });
    this.abortSignal.catch(() => {}); // nobody may be listening any more
  }

  track(handle: PendingHandle): void {
    this.pending.add(handle);
  }

  untrack(handle: PendingHandle): void {
    if (this.pending.delete(handle) && this.pending.size === 0) this.wake();
  }

  /** An async callback (timer, socket event handler) threw: fail the iteration. */
  fail(err: unknown): void {
    if (!this.error) this.error = err;
    this.wake();
    this.rejectAbort(err);
  }

  private wake(): void {
    const waiter = this.idleWaiter;
    this.idleWaiter = null;
    if (waiter) waiter();
  }

  /** Resolves when no timers/sockets remain; rejects if one of their callbacks threw. */
  async waitIdle(): Promise<void> {
    while (this.pending.size > 0 && !this.error && !this.aborted) {
      await new Promise<void>((resolve) => { this.idleWaiter = resolve; });
    }
    if (this.error) throw this.error;
  }

  /** Hard stop (graceful period over, or the iteration threw): drop everything pending. */
  abort(): void {
    this.aborted = true;
    for (const handle of [...this.pending]) {
      try { handle.abort(); } catch { /* best effort */ }
    }
    this.pending.clear();
    this.wake();
    this.resolveAbort();
  }
}

/** Runs callback inside `state` even when invoked from a foreign async context. */
export function runIn<A extends unknown[], R>(state: IterationState | undefined, fn: (...args: A) => R, ...args: A): R {
  return state ? als.run(state, fn, ...args) : fn(...args);
}

// ---- logging, rate limited so an erroring script at 5k it/s can't flood stderr
const seen = new Map<string, number>();
const startedAt = Date.now();

export function logError(message: string, fields: Record<string, string> = {}): void {
  const count = (seen.get(message) ?? 0) + 1;
  seen.set(message, count);
  if (count > 5) {
    if (count === 6) process.stderr.write(`WARN  further copies of this error are suppressed: ${firstLine(message)}\n`);
    return;
  }
  const secs = String(Math.floor((Date.now() - startedAt) / 1000)).padStart(4, '0');
  const extra = Object.entries(fields).map(([k, v]) => ` ${k}=${v}`).join('');
  process.stderr.write(`ERRO[${secs}] ${message}${extra}\n`);
}

export function logWarn(message: string): void {
  const secs = String(Math.floor((Date.now() - startedAt) / 1000)).padStart(4, '0');
  process.stderr.write(`WARN[${secs}] ${message}\n`);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack || `${err.name}: ${err.message}`;
  return String(err);
}

/** Defines __ENV, __VU and __ITER on globalThis (k6's implicit globals). */
export function installGlobals(env: Record<string, string | undefined>): void {
  Object.defineProperty(globalThis, '__ENV', { value: env, writable: true, configurable: true });
  Object.defineProperty(globalThis, '__VU', {
    get: () => als.getStore()?.vu.id ?? 0, // 0 in init/setup/teardown, as in k6
    configurable: true,
  });
  Object.defineProperty(globalThis, '__ITER', {
    get: () => als.getStore()?.iteration ?? 0,
    configurable: true,
  });
}
