// Turns k6 `options` (plus CLI overrides) into a normalised list of scenarios,
// applying the same shortcut rules as k6:
//   stages            -> ramping-vus
//   duration (+vus)   -> constant-vus
//   iterations (+vus) -> shared-iterations (duration, if given, = maxDuration)
//   nothing           -> 1 VU, 1 iteration
import { parseDuration } from './duration';
import type { ThresholdsOption } from './thresholds';

type Duration = string | number;
interface Stage { duration: Duration; target: number }
/** One entry of k6's `options.scenarios` as written in a script. */
interface ScenarioConfig {
  executor?: string; exec?: string; startTime?: Duration; gracefulStop?: Duration; gracefulRampDown?: Duration;
  tags?: Record<string, string>; env?: Record<string, string>;
  vus?: number; duration?: Duration; iterations?: number; maxDuration?: Duration; stages?: Stage[]; startVUs?: number;
  rate?: number; startRate?: number; timeUnit?: Duration; preAllocatedVUs?: number; maxVUs?: number;
}
/** The subset of k6's `options` export this runner reads. */
export interface K6Options {
  vus?: number; duration?: Duration; iterations?: number; stages?: Stage[];
  scenarios?: Record<string, ScenarioConfig>;
  thresholds?: ThresholdsOption;
  tags?: Record<string, string>;
  summaryTrendStats?: string[]; summaryTimeUnit?: string;
  setupTimeout?: Duration; teardownTimeout?: Duration;
}
export interface CliOptions {
  env: Record<string, string>;
  vus?: number; duration?: string; iterations?: number;
  summaryExport?: string; summaryTrendStats?: string[];
  noSummary?: boolean; quiet?: boolean; help?: boolean;
}
interface StageMs { durationMs: number; target: number }
/** A scenario with defaults applied and durations in ms; executor-specific fields are set for its executor. */
export interface ScenarioSpec {
  name: string; executor: string; exec: string;
  startTimeMs: number; gracefulStopMs: number; durationMs: number;
  tags: Record<string, string>; env: Record<string, string>;
  vus: number; iterations: number; startVUs: number; stages: StageMs[]; gracefulRampDownMs: number;
  rate: number; startRate: number; timeUnitMs: number; preAllocatedVUs: number; maxVUs: number;
}

// k6 uses 30s; we default to 10s so a hung websocket can't stall CI for long.
const DEFAULT_GRACEFUL_STOP_MS = 10_000;

const EXECUTORS = new Set([
  'constant-vus', 'ramping-vus', 'constant-arrival-rate', 'ramping-arrival-rate',
  'per-vu-iterations', 'shared-iterations',
]);

export function applyCliOverrides(options: K6Options, cli: CliOptions): K6Options {
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

export function normaliseScenarios(options: K6Options): ScenarioSpec[] {
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

function num<T extends object>(cfg: T, key: keyof T & string, dflt: number | undefined, name: string): number {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new Error(`scenario "${name}": "${key}" must be a non-negative number, got ${JSON.stringify(cfg[key])}`);
  }
  return v;
}

function stagesOf(cfg: ScenarioConfig, name: string): StageMs[] {
  if (!Array.isArray(cfg.stages) || cfg.stages.length === 0) {
    throw new Error(`scenario "${name}": "stages" must be a non-empty array`);
  }
  return cfg.stages.map((s: Stage, i: number) => ({
    durationMs: parseDuration(s.duration, `stages[${i}].duration of ${name}`),
    target: num(s, 'target', undefined, name),
  }));
}

function normaliseOne(name: string, cfg: ScenarioConfig): ScenarioSpec {
  const executor = cfg.executor;
  if (executor === undefined || !EXECUTORS.has(executor)) {
    throw new Error(`scenario "${name}": executor "${executor}" is not supported (supported: ${[...EXECUTORS].join(', ')})`);
  }
  // Fields that don't apply to this executor stay 0/empty.
  const s: ScenarioSpec = {
    name,
    executor,
    durationMs: 0, vus: 0, iterations: 0, startVUs: 0, stages: [], gracefulRampDownMs: 0,
    rate: 0, startRate: 0, timeUnitMs: 0, preAllocatedVUs: 0, maxVUs: 0,
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
