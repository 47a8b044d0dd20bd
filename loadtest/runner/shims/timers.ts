// Shim for `k6/timers`. Timers created inside an iteration are registered with
// it, so the iteration (like a k6 VU event loop) only ends once every timeout
// has fired or been cleared and every interval has been cleared.
import { currentIteration, runIn, type IterationState, type PendingHandle } from '../lib/context';

type Callback = (...args: unknown[]) => unknown;
interface TimerEntry extends PendingHandle { state: IterationState | undefined; interval: boolean; handle: NodeJS.Timeout | null }

const native = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
};

// Timer ids are small integers in k6; we hand out objects' numeric ids and keep a map.
let nextId = 1;
const live = new Map<number, TimerEntry>();

function invoke(entry: TimerEntry, fn: Callback, args: unknown[]): void {
  const { state } = entry;
  if (state?.aborted) return;
  try {
    const result = runIn(state, fn, ...args);
    if (result instanceof Promise) {
      result.then(undefined, (err: unknown) => (state ? state.fail(err) : reportInit(err)));
    }
  } catch (err) {
    if (state) state.fail(err);
    else reportInit(err);
  }
}

function reportInit(err: unknown): void {
  process.stderr.write(`ERRO timer callback outside an iteration threw: ${err instanceof Error ? err.stack : String(err)}\n`);
}

function create(kind: 'setTimeout' | 'setInterval', fn: Callback, ms: unknown, args: unknown[]): number {
  if (typeof fn !== 'function') throw new TypeError(`${kind} needs a function callback`);
  const id = nextId++;
  const state = currentIteration();
  const entry: TimerEntry = { state, interval: kind === 'setInterval', handle: null, abort: () => drop(id) };
  const delay = Math.max(0, Number(ms) || 0);
  if (entry.interval) {
    entry.handle = native.setInterval(() => invoke(entry, fn, args), Math.max(1, delay));
  } else {
    entry.handle = native.setTimeout(() => {
      invoke(entry, fn, args);
      drop(id);
    }, delay);
  }
  live.set(id, entry);
  state?.track(entry);
  return id;
}

function drop(id: number): void {
  const entry = live.get(id);
  if (!entry) return;
  live.delete(id);
  if (entry.handle && entry.interval) native.clearInterval(entry.handle);
  else if (entry.handle) native.clearTimeout(entry.handle);
  entry.state?.untrack(entry);
}

export function setTimeout(fn: Callback, ms?: number, ...args: unknown[]): number { return create('setTimeout', fn, ms, args); }
export function setInterval(fn: Callback, ms?: number, ...args: unknown[]): number { return create('setInterval', fn, ms, args); }
export function clearTimeout(id: number): void { drop(id); }
export function clearInterval(id: number): void { drop(id); }

export default { setTimeout, clearTimeout, setInterval, clearInterval };
