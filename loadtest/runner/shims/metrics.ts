// Shim for `k6/metrics`: custom Counter/Gauge/Rate/Trend. Create them in the
// init context (top level of the script), as k6 requires.
import { defineMetric, type Metric, type MetricType, type Tags } from '../lib/metrics';
import { currentIteration } from '../lib/context';

class CustomMetric {
  private readonly metric: Metric;

  constructor(type: MetricType, readonly name: string, isTime = false) {
    this.metric = defineMetric(name, type, type === 'trend' && isTime ? 'time' : 'default');
  }

  add(value: number | boolean, tags?: Tags): boolean {
    const state = currentIteration();
    const merged = { ...state?.scenario?.metricTags, group: state?.groupPath ?? '', ...tags };
    this.metric.add(value, merged);
    return true;
  }
}

export class Counter extends CustomMetric {
  constructor(name: string, isTime?: boolean) { super('counter', name, isTime); }
}
export class Gauge extends CustomMetric {
  constructor(name: string, isTime?: boolean) { super('gauge', name, isTime); }
}
export class Rate extends CustomMetric {
  constructor(name: string, isTime?: boolean) { super('rate', name, isTime); }
}
export class Trend extends CustomMetric {
  constructor(name: string, isTime?: boolean) { super('trend', name, isTime); }
}

export default { Counter, Gauge, Rate, Trend };
