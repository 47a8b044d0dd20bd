// Small shared object so shims (k6/execution) can see and stop the running test
// without importing the engine (which imports the script).
export const engineState = {
  options: {},
  scenarios: [],
  startedAt: 0,
  abortReason: null, // { kind: 'script' | 'threshold' | 'signal', message }
  onAbort: null,
  requestAbort(kind, message) {
    if (this.abortReason) return;
    this.abortReason = { kind, message };
    this.onAbort?.(this.abortReason);
  },
};
