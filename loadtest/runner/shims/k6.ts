// Shim for the `k6` module: check, group, sleep, fail, randomSeed.
import { currentIteration, logWarn, type IterationState } from '../lib/context';
import { builtin, type Tags } from '../lib/metrics';
import { recordCheck } from '../lib/groups';
import { performance } from 'node:perf_hooks';

function baseTags(state: IterationState | undefined): Tags {
  const tags: Tags = { ...state?.scenario?.metricTags };
  tags.group = state?.groupPath ?? '';
  return tags;
}

export function check<T>(value: T, sets: Record<string, ((v: T) => unknown) | unknown> | undefined, tags?: Tags): boolean {
  const state = currentIteration();
  const groupPath = state?.groupPath ?? '';
  let all = true;
  for (const [name, test] of Object.entries(sets ?? {})) {
    // An exception inside a check propagates and fails the iteration, as in k6.
    const ok = typeof test === 'function' ? test(value) : test;
    if (ok instanceof Promise) {
      logWarn(`check "${name}" returned a Promise; k6 checks are synchronous, so it counts as passed here`);
    }
    const passed = Boolean(ok);
    builtin.checks.add(passed ? 1 : 0, { ...baseTags(state), ...tags, check: name });
    recordCheck(groupPath, name, passed);
    if (!passed) all = false;
  }
  return all;
}

// k6's group() is synchronous: with an async callback the group tag only
// covers the code before the first await (same limitation as in k6).
export function group<R>(name: string, fn: () => R): R {
  if (typeof name !== 'string' || name === '' || name.includes('::')) {
    throw new Error(`group name must be a non-empty string without "::", got ${JSON.stringify(name)}`);
  }
  const state = currentIteration();
  if (!state) return fn();
  const prev = state.groupPath;
  state.groupPath = `${prev}::${name}`;
  const t0 = performance.now();
  try {
    return fn();
  } finally {
    builtin.group_duration.add(performance.now() - t0, baseTags(state));
    state.groupPath = prev;
  }
}

// In real k6 sleep() blocks the VU synchronously. Here it returns a Promise, so
// `await sleep(1)` works in both; a bare `sleep(1)` does not pause in this runner.
// Prefer `await new Promise((r) => setTimeout(r, ms))` with k6/timers.
export function sleep(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Number(seconds) * 1000));
}

export function fail(message = ''): never {
  throw new Error(message);
}

export function randomSeed(): void {
  logWarn('randomSeed() is a no-op in the LiveDrop runner');
}

export default { check, group, sleep, fail, randomSeed };
