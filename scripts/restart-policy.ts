// When the launcher (run-all.ts) restarts a process that exited on its own, and when it stops trying.
export interface RestartPolicy {
  /** First delay; doubles with each consecutive crash up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A process that ran at least this long before crashing was healthy: its crash count starts again. */
  stableAfterMs: number;
  /** Give up after this many consecutive crashes, each within stableAfterMs of its start (a crash loop). */
  maxFastCrashes: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 30_000, maxFastCrashes: 6 };

// EX_CONFIG (78): the process refused its configuration; restarting cannot help.
const PERMANENT_EXIT_CODES = new Set([78]);

export type RestartDecision = { restart: true; delayMs: number; fastCrashes: number } | { restart: false; reason: string };

/**
 * After a process exited (code, or null when killed by a signal) having run `ranForMs`, with `fastCrashes`
 * consecutive fast crashes before this one: restart after an exponential delay, or give up and say why.
 */
export function decideRestart(
  exit: { code: number | null; ranForMs: number },
  fastCrashes: number,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): RestartDecision {
  if (exit.code !== null && PERMANENT_EXIT_CODES.has(exit.code)) {
    return { restart: false, reason: `exited with code ${exit.code} (invalid configuration); fix it and start again` };
  }
  const crashes = exit.ranForMs >= policy.stableAfterMs ? 1 : fastCrashes + 1;
  if (crashes > policy.maxFastCrashes) {
    return {
      restart: false,
      reason: `crashed ${crashes} times in a row, each within ${policy.stableAfterMs / 1000} s of starting (a crash loop); giving up`,
    };
  }
  return { restart: true, delayMs: Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (crashes - 1)), fastCrashes: crashes };
}
