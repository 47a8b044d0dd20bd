// Shim for `k6/execution`: the commonly used read-only fields plus test.abort().
import { currentIteration, vuPool } from '../lib/context';
import { engineState } from '../lib/engine-state';

const vu = {
  get idInTest() { return currentIteration()?.vu.id ?? 0; },
  get idInInstance() { return currentIteration()?.vu.id ?? 0; },
  get iterationInInstance() { return currentIteration()?.iteration ?? 0; },
  get iterationInScenario() { return currentIteration()?.iteration ?? 0; },
  get tags() { return { ...currentIteration()?.scenario?.metricTags }; },
};

const scenario = {
  get name() { return currentIteration()?.scenario?.name ?? ''; },
  get executor() { return currentIteration()?.scenario?.executor ?? ''; },
  get startTime() { return currentIteration()?.scenario?.startedAt ?? 0; },
  get progress() { return currentIteration()?.scenario?.progress ?? 0; },
  get iterationInInstance() { return currentIteration()?.scenarioIteration ?? 0; },
  get iterationInTest() { return currentIteration()?.scenarioIteration ?? 0; },
};

const instance = {
  get vusActive() { return vuPool.active; },
  get vusInitialized() { return vuPool.allocated; },
  get iterationsCompleted() { return engineState.scenarios.reduce((a, s) => a + s.completed, 0); },
  get iterationsInterrupted() { return engineState.scenarios.reduce((a, s) => a + s.interrupted, 0); },
  get currentTestRunDuration() { return engineState.startedAt ? Date.now() - engineState.startedAt : 0; },
};

const test = {
  abort(reason = 'test aborted'): never {
    engineState.requestAbort('script', String(reason));
    // Stop the calling iteration right away, like k6 does.
    throw Object.assign(new Error(`test aborted: ${reason}`), { k6TestAbort: true });
  },
  get options() { return engineState.options; },
};

export { vu, scenario, instance, test };
export default { vu, scenario, instance, test };
