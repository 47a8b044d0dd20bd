// Small shared object so shims (k6/execution) can see and stop the running test
// without importing the engine (which imports the script).
import type { ScenarioRun } from './scenario';
import type { K6Options } from './options';

export type AbortKind = 'script' | 'threshold' | 'signal';
export interface AbortReason { kind: AbortKind; message: string }

export const engineState = {
  options: {} as K6Options,
  scenarios: [] as ScenarioRun[],
  startedAt: 0,
  abortReason: null as AbortReason | null,
  onAbort: null as ((reason: AbortReason) => void) | null,
  requestAbort(kind: AbortKind, message: string): void {
    if (this.abortReason) return;
    this.abortReason = { kind, message };
    this.onAbort?.(this.abortReason);
  },
};
