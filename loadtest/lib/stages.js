// Named load shapes. Each returns a k6 scenario object for `options.scenarios`;
// the arrival-rate ones also expose their raw `stages` array.
//   export const options = { scenarios: { main: ramp(500) }, thresholds: ... };

function vuBudget(rate, opts) {
  // Enough VUs for ~200 ms iterations at the peak rate; raise maxVUs for slow flows.
  // Don't overshoot: past the runner's ceiling, thousands of queued VUs make
  // throughput collapse instead of just dropping iterations.
  return {
    preAllocatedVUs: opts.preAllocatedVUs || Math.max(5, Math.ceil(rate / 10)),
    maxVUs: opts.maxVUs || Math.max(20, Math.ceil(rate / 5)),
  };
}

/** A handful of iterations in a few seconds: "does it work at all". */
export function smoke(opts = {}) {
  return {
    executor: 'per-vu-iterations',
    vus: opts.vus || 1,
    iterations: opts.iterations || 3,
    maxDuration: opts.maxDuration || '5s',
    gracefulStop: '2s',
  };
}

/** Baseline traffic, a sudden jump to `peak` iterations/s, then recovery. */
export function spikeStages(peak, opts = {}) {
  const base = opts.base ?? Math.max(1, Math.round(peak / 10));
  return [
    { duration: opts.lead || '20s', target: base },
    { duration: opts.rise || '5s', target: peak },
    { duration: opts.hold || '30s', target: peak },
    { duration: '5s', target: base },
    { duration: opts.recover || '30s', target: base },
  ];
}

export function spike(peak, opts = {}) {
  return {
    executor: 'ramping-arrival-rate',
    startRate: opts.base ?? Math.max(1, Math.round(peak / 10)),
    timeUnit: '1s',
    stages: spikeStages(peak, opts),
    ...vuBudget(peak, opts),
  };
}

/** Steady `rate` iterations/s for `minutes` (memory leaks, connection churn). */
export function soak(minutes, rate = 50, opts = {}) {
  return {
    executor: 'constant-arrival-rate',
    rate,
    timeUnit: '1s',
    duration: `${minutes}m`,
    ...vuBudget(rate, opts),
  };
}
