// Turns k6 `options` (plus CLI overrides) into a normalised list of scenarios,
// applying the same shortcut rules as k6:
//   stages            -> ramping-vus
//   duration (+vus)   -> constant-vus
//   iterations (+vus) -> shared-iterations (duration, if given, = maxDuration)
//   nothing           -> 1 VU, 1 iteration
import { parseDuration } from './duration.mjs';

// k6 uses 30s; we default to 10s so a hung websocket can't stall CI for long.
export const DEFAULT_GRACEFUL_STOP_MS = 10_000;

const EXECUTORS = new Set([
  'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate',
  'per-vu-iterations', 'shared-iterations',
]);

export function applyCliOverrides(options, cli) {
  const out = { ...options };
  const touched = cli.vus !== undefined || cli.duration !== undefined || cli.iterations !== undefined;
  if (cli.vus !== undefined) out.vus = cli.vus;
  if (cli.duration !== undefined) out.duration = cli.duration;
  if (cli.iterations !== undefined) out.iterations = cli.iterations;
  if (touched) {
    // As in k6, execution flags on the command line replace script scenarios/stages.
    delete out.scenarios;
    if (cli.duration !== undefined || cli.iterations !== undefined) delete out.stages;
  }
  return out;
}

export function normaliseScenarios(options) {
  let scenarios = options.scenarios;
  if (!scenarios || Object.keys(scenarios).length === 0) {
    const vus = options.vus ?? 1;
    if (options.stages) {
      scenarios = { default: { executor: 'ramping-vus', startVUs: vus, stages: options.stages } };
    } else if (options.iterations !== undefined) {
      scenarios = {
        default: {
          executor: 'shared-iterations', vus, iterations: options.iterations,
          ...(options.duration ? { maxDuration: options.duration } : {}),
        },
      };
    } else if (options.duration) {
      scenarios = { default: { executor: 'constant-vus', vus, duration: options.duration } };
    } else {
      scenarios = { default: { executor: 'per-vu-iterations', vus, iterations: 1 } };
    }
  }
  return Object.entries(scenarios).map(([name, cfg]) => normaliseOne(name, cfg));
}

function num(cfg, key, dflt, name) {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`scenario "${name}": "${key}" must be a non-negative number, got ${JSON.stringify(cfg[key])}`);
  }
  return v;
}

function stagesOf(cfg, name) {
  if (!Array.isArray(cfg.stages) || cfg.stages.length === 0) {
    throw new Error(`scenario "${name}": "stages" must be a non-empty array`);
  }
  return cfg.stages.map((s, i) => ({
    durationMs: parseDuration(s.duration, `stages[${i}].duration of ${name}`),
    target: num(s, 'target', undefined, name),
  }));
}

function normaliseOne(name, cfg) {
  const executor = cfg.executor;
  if (!EXECUTORS.has(executor)) {
    throw new Error(`scenario "${name}": executor "${executor}" is not supported (supported: ${[...EXECUTORS].join(', ')})`);
  }
  const s = {
    name,
    executor,
    exec: cfg.exec ?? 'default',
    startTimeMs: cfg.startTime ? parseDuration(cfg.startTime, 'startTime') : 0,
    gracefulStopMs: cfg.gracefulStop !== undefined ? parseDuration(cfg.gracefulStop, 'gracefulStop') : DEFAULT_GRACEFUL_STOP_MS,
    tags: cfg.tags ?? {},
    env: cfg.env ?? {},
  };
  switch (executor) {
    case 'constant-vus':
      s.vus = num(cfg, 'vus', 1, name);
      s.durationMs = parseDuration(cfg.duration, `duration of ${name}`);
      break;
    case 'ramping-vus':
      s.startVUs = num(cfg, 'startVUs', 1, name);
      s.stages = stagesOf(cfg, name);
      s.gracefulRampDownMs = cfg.gracefulRampDown !== undefined
        ? parseDuration(cfg.gracefulRampDown, 'gracefulRampDown') : DEFAULT_GRACEFUL_STOP_MS;
      s.durationMs = s.stages.reduce((a, st) => a + st.durationMs, 0);
      break;
    case 'per-vu-iterations':
    case 'shared-iterations':
      s.vus = num(cfg, 'vus', 1, name);
      s.iterations = num(cfg, 'iterations', 1, name);
      s.durationMs = parseDuration(cfg.maxDuration ?? '10m', `maxDuration of ${name}`);
      if (executor === 'shared-iterations' && s.iterations < s.vus) s.vus = s.iterations;
      break;
    case 'constant-arrival-rate':
      s.rate = num(cfg, 'rate', undefined, name);
      s.timeUnitMs = parseDuration(cfg.timeUnit ?? '1s', 'timeUnit');
      s.durationMs = parseDuration(cfg.duration, `duration of ${name}`);
      s.preAllocatedVUs = num(cfg, 'preAllocatedVUs', undefined, name);
      s.maxVUs = Math.max(num(cfg, 'maxVUs', s.preAllocatedVUs, name), s.preAllocatedVUs);
      break;
    case 'ramping-arrival-rate':
      s.startRate = num(cfg, 'startRate', 0, name);
      s.timeUnitMs = parseDuration(cfg.timeUnit ?? '1s', 'timeUnit');
      s.stages = stagesOf(cfg, name);
      s.durationMs = s.stages.reduce((a, st) => a + st.durationMs, 0);
      s.preAllocatedVUs = num(cfg, 'preAllocatedVUs', undefined, name);
      s.maxVUs = Math.max(num(cfg, 'maxVUs', s.preAllocatedVUs, name), s.preAllocatedVUs);
      break;
  }
  return s;
}
