// Test lifecycle: init (import script) -> setup() -> scenarios -> teardown()
// -> thresholds -> summary. Returns the k6-compatible process exit code.
import { pathToFileURL } from 'node:url';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve as resolvePath, basename } from 'node:path';
import { performance, monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import { als, IterationState, VU, vuPool, installGlobals, describeError, logError, logWarn } from './context';
import { builtin } from './metrics';
import { parseThresholds, evaluateThresholds, type Threshold } from './thresholds';
import { applyCliOverrides, normaliseScenarios, type CliOptions, type K6Options, type ScenarioSpec } from './options';
import { parseDuration, formatElapsed, formatDuration } from './duration';
import { ScenarioRun, type ScenarioFn } from './scenario';
import { buildSummaryData, renderText } from './summary';
import { engineState } from './engine-state';
import { destroyAgents } from './http/transport';
import { installOpen } from './open-file';

/** What a k6 script module may export. */
interface ScriptModule {
  options?: K6Options;
  setup?: ScenarioFn;
  teardown?: ScenarioFn;
  handleSummary?: (data: unknown) => unknown;
  [exported: string]: unknown;
}

// Same numbers as k6's exit codes.
const EXIT = { OK: 0, THRESHOLDS_FAILED: 99, INVALID_CONFIG: 104, EXTERNAL_ABORT: 105, SCRIPT_EXCEPTION: 107, SCRIPT_ABORTED: 108 };

/** Runs fn(data) as a pseudo-iteration of VU 0 (setup/teardown), waiting for its timers/sockets. */
async function runLifecycle(name: string, fn: ScenarioFn, data: unknown, timeoutMs: number): Promise<unknown> {
  const state = new IterationState(new VU(0), null, 0);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name}() execution timed out after ${timeoutMs / 1000} seconds`)), timeoutMs);
  });
  try {
    return await Promise.race([
      als.run(state, async () => {
        const result = await fn(data);
        await state.waitIdle();
        return result;
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
    state.abort();
  }
}

function describeScenario(s: ScenarioSpec): string {
  switch (s.executor) {
    case 'constant-vus': return `${s.vus} looping VUs for ${formatDuration(s.durationMs)}`;
    case 'ramping-vus': return `Up to ${Math.max(s.startVUs, ...s.stages.map((x) => x.target))} looping VUs for ${formatDuration(s.durationMs)} over ${s.stages.length} stages`;
    case 'per-vu-iterations': return `${s.iterations} iterations for each of ${s.vus} VUs`;
    case 'shared-iterations': return `${s.iterations} iterations shared among ${s.vus} VUs`;
    case 'constant-arrival-rate': return `${s.rate} iterations/${formatDuration(s.timeUnitMs)} for ${formatDuration(s.durationMs)} (maxVUs: ${s.maxVUs})`;
    default: return `Up to ${Math.max(s.startRate, ...s.stages.map((x) => x.target))} iterations/${formatDuration(s.timeUnitMs)} over ${s.stages.length} stages (maxVUs: ${s.maxVUs})`;
  }
}

export async function runTest({ scriptPath, env, cli }: { scriptPath: string; env: Record<string, string | undefined>; cli: CliOptions }): Promise<number> {
  const out = (s: string) => { if (!cli.quiet) process.stdout.write(s); };
  installGlobals(env);
  installOpen(scriptPath); // k6's init-context open() (lib/open-file.mjs)

  // ---- init context
  let mod: ScriptModule;
  try {
    mod = await import(pathToFileURL(resolvePath(scriptPath)).href);
  } catch (err) {
    logError(`could not load script ${scriptPath}: ${describeError(err)}`);
    return EXIT.SCRIPT_EXCEPTION;
  }

  let options: K6Options;
  let scenarioCfgs: ScenarioSpec[];
  let thresholds: Threshold[];
  try {
    options = applyCliOverrides(mod.options ?? {}, cli);
    if (cli.summaryTrendStats) options.summaryTrendStats = cli.summaryTrendStats;
    engineState.options = options;
    scenarioCfgs = normaliseScenarios(options);
    for (const s of scenarioCfgs) {
      if (typeof mod[s.exec] !== 'function') throw new Error(`scenario "${s.name}": exported function "${s.exec}" not found in the script`);
    }
    thresholds = parseThresholds(options.thresholds);
  } catch (err) {
    logError(`invalid options: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.INVALID_CONFIG;
  }

  const maxVUs = scenarioCfgs.reduce((a, s) => a + (s.maxVUs || Math.max(s.vus, s.startVUs, ...s.stages.map((x) => (s.executor === 'ramping-vus' ? x.target : 0)))), 0);
  const maxDuration = Math.max(...scenarioCfgs.map((s) => s.startTimeMs + s.durationMs + s.gracefulStopMs));
  out(`\n  execution: local (LiveDrop k6-compatible runner, Node ${process.version})\n     script: ${basename(scriptPath)}\n`);
  out(`  scenarios: ${scenarioCfgs.length} scenario(s), ${maxVUs} max VUs, ${formatDuration(maxDuration)} max duration (incl. graceful stop):\n`);
  for (const s of scenarioCfgs) {
    out(`           * ${s.name}: ${describeScenario(s)} (${s.exec !== 'default' ? `exec: ${s.exec}, ` : ''}${s.startTimeMs ? `startTime: ${formatDuration(s.startTimeMs)}, ` : ''}gracefulStop: ${formatDuration(s.gracefulStopMs)})\n`);
  }
  out('\n');

  // ---- setup
  let setupData: unknown;
  if (typeof mod.setup === 'function') {
    try {
      const raw = await runLifecycle('setup', mod.setup, undefined, parseDuration(options.setupTimeout ?? '60s'));
      // k6 hands every VU a JSON copy of setup()'s return value; we make one copy shared by all VUs.
      setupData = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
    } catch (err) {
      logError(`setup() failed: ${describeError(err)}`);
      destroyAgents();
      return EXIT.SCRIPT_EXCEPTION;
    }
  }

  // ---- scenarios
  const globalTags = options.tags ?? {};
  const runs = scenarioCfgs.map((cfg) => new ScenarioRun(cfg, mod[cfg.exec] as ScenarioFn, setupData, globalTags));
  engineState.scenarios = runs;
  engineState.startedAt = Date.now();
  const t0 = performance.now();
  // All VUs share this event loop: if it lags, measured latencies include our
  // own queueing, so we say so at the end instead of blaming the server.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  engineState.onAbort = ({ kind }) => {
    for (const r of runs) r.stop(kind === 'signal' ? r.gracefulStopMs : 0);
  };
  const sampleVUs = () => builtin.vus.add(vuPool.active);
  let lastProgress = 0;
  const ticker = setInterval(() => {
    sampleVUs();
    const elapsed = performance.now() - t0;
    // abortOnFail thresholds, evaluated every second like k6's periodic check.
    // Metrics with no samples yet are skipped here (no abort before any data).
    const failing = thresholds.filter((t) => t.abortOnFail && elapsed >= t.delayAbortEvalMs && t.sink.count > 0);
    if (failing.length) {
      evaluateThresholds(failing, elapsed);
      const bad = failing.find((t) => !t.ok);
      if (bad) engineState.requestAbort('threshold', `threshold '${bad.source}' on ${bad.metricKey} crossed (abortOnFail)`);
    }
    if (!cli.quiet && elapsed - lastProgress >= 10_000) {
      lastProgress = elapsed;
      process.stderr.write(`${progressLine(runs, elapsed)}\n`);
    }
  }, 1000);

  const onSignal = () => {
    if (engineState.abortReason) process.exit(EXIT.EXTERNAL_ABORT); // second Ctrl+C: hard exit
    process.stderr.write('\nstopping test (graceful stop); press Ctrl+C again to abort\n');
    engineState.requestAbort('signal', 'interrupted by signal');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  await Promise.all(runs.map((r) => r.run()));
  clearInterval(ticker);
  loopDelay.disable();
  const durationMs = performance.now() - t0;

  // ---- teardown (runs even after an abort, as in k6)
  let teardownFailed = false;
  if (typeof mod.teardown === 'function') {
    try {
      await runLifecycle('teardown', mod.teardown, setupData, parseDuration(options.teardownTimeout ?? '60s'));
    } catch (err) {
      teardownFailed = true;
      logError(`teardown() failed: ${describeError(err)}`);
    }
  }
  destroyAgents();

  // ---- thresholds & summary
  const thresholdsOk = evaluateThresholds(thresholds, durationMs);
  const data = buildSummaryData({ thresholds, options, durationMs });
  const runInfo = progressLine(runs, durationMs);

  if (cli.summaryExport) writeOut(cli.summaryExport, JSON.stringify(data, null, 2));
  if (typeof mod.handleSummary === 'function') {
    try {
      const result = await mod.handleSummary(data);
      for (const [target, content] of Object.entries(result ?? {})) {
        const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
        if (target === 'stdout') process.stdout.write(text);
        else if (target === 'stderr') process.stderr.write(text);
        else writeOut(target, text);
      }
    } catch (err) {
      logError(`handleSummary() failed, printing the default summary: ${describeError(err)}`);
      process.stdout.write(renderText(data, thresholds, runInfo));
    }
  } else if (!cli.noSummary) {
    process.stdout.write(renderText(data, thresholds, runInfo));
  }

  warnIfSaturated(loopDelay);
  for (const key of new Set(thresholds.filter((t) => t.empty).map((t) => t.metricKey))) {
    logWarn(`no samples for ${key}: its thresholds were evaluated against zero`);
  }

  const abort = engineState.abortReason;
  if (abort) logError(`test run aborted: ${abort.message}`);
  if (!thresholdsOk) logError('thresholds on metrics have been crossed');
  if (abort?.kind === 'script') return EXIT.SCRIPT_ABORTED;
  if (!thresholdsOk || abort?.kind === 'threshold') return EXIT.THRESHOLDS_FAILED;
  if (abort?.kind === 'signal') return EXIT.EXTERNAL_ABORT;
  if (teardownFailed) return EXIT.SCRIPT_EXCEPTION;
  return EXIT.OK;
}

function progressLine(runs: ScenarioRun[], elapsedMs: number): string {
  const completed = runs.reduce((a, r) => a + r.completed, 0);
  const interrupted = runs.reduce((a, r) => a + r.interrupted, 0);
  return `running (${formatElapsed(elapsedMs)}), ${vuPool.active}/${vuPool.allocated} VUs, ${completed} complete and ${interrupted} interrupted iterations`;
}

function writeOut(path: string, text: string): void {
  mkdirSync(dirname(resolvePath(path)), { recursive: true });
  writeFileSync(path, text);
}

function warnIfSaturated(loopDelay: IntervalHistogram): void {
  const lagP99 = loopDelay.count ? loopDelay.percentile(99) / 1e6 : 0;
  if (lagP99 > 50) {
    logWarn(`the runner's event loop lagged (p99 ${lagP99.toFixed(0)} ms): it was CPU-bound, so latencies include client-side delay; lower the rate or split the load`);
  }
  const blocked = builtin.http_req_blocked.sink;
  const blockedP95 = blocked.count ? blocked.percentile(95) : 0;
  // Small runs are dominated by the first connects; only judge busy ones.
  if (blocked.count >= 500 && blockedP95 > 5) {
    logWarn(`requests waited for a connection (http_req_blocked p95 ${blockedP95.toFixed(1)} ms): connection pool or generator saturated`);
  }
  if (builtin.dropped_iterations.sink.count > 0) {
    logWarn(`${builtin.dropped_iterations.sink.sum} iterations were dropped (not enough VUs): the target rate was not reached`);
  }
}
