// Shim for `k6/metrics`: custom Counter/Gauge/Rate/Trend. Create them in the
// init context (top level of the script), as k6 requires.
import { defineMetric } from '../lib/metrics.mjs';
import { currentIteration } from '../lib/context.mjs';

class CustomMetric {
  constructor(type, name, isTime = false) {
    this.name = name;
    this._metric = defineMetric(name, type, type === 'trend' && isTime ? 'time' : 'default');
  }

  add(value, tags) {
    const state = currentIteration();
    const merged = { ...state?.scenario?.metricTags, group: state?.groupPath ?? '', ...tags };
    this._metric.add(value, merged);
    return true;
  }
}

export class Counter extends CustomMetric {
  constructor(name, isTime) { super('counter', name, isTime); }
}
export class Gauge extends CustomMetric {
  constructor(name, isTime) { super('gauge', name, isTime); }
}
export class Rate extends CustomMetric {
  constructor(name, isTime) { super('rate', name, isTime); }
}
export class Trend extends CustomMetric {
  constructor(name, isTime) { super('trend', name, isTime); }
}

export default { Counter, Gauge, Rate, Trend };
