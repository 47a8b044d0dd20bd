// One running scenario: executor logic (how many iterations start when) plus
// the graceful-stop handling shared by all executors.
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { als, IterationState, vuPool, logError, logWarn, describeError, type VU } from './context';
import { builtin, type Tags } from './metrics';
import type { ScenarioSpec } from './options';

/** The script's exported scenario function (default or `exec`). */
export type ScenarioFn = (data: unknown) => unknown;
interface RampSlot { loop: Promise<void> | null; vu: VU | null; overSince: number }

export class ScenarioRun {
  readonly metricTags: Tags;
  readonly inFlight = new Set<IterationState>(); // running iterations
  completed = 0;
  interrupted = 0;
  iterationsStarted = 0;  // exec.scenario.iterationInTest
  stopped = false;        // no new iterations once set
  startedAt = 0;          // epoch ms, for exec.scenario.startTime
  private startPerf = 0;
  private hardStop: { promise: Promise<void>; resolve: () => void; timer?: NodeJS.Timeout; at?: number } | null = null;
  private readonly startDelay = new AbortController();

  constructor(readonly spec: ScenarioSpec, private readonly fn: ScenarioFn, private readonly setupData: unknown, globalTags: Record<string, string>) {
    this.metricTags = { ...globalTags, ...spec.tags, scenario: spec.name };
  }

  get name(): string { return this.spec.name; }
  get executor(): string { return this.spec.executor; }
  get gracefulStopMs(): number { return this.spec.gracefulStopMs; }

  get progress(): number {
    if (!this.startPerf) return 0;
    return Math.min(1, (performance.now() - this.startPerf) / Math.max(1, this.spec.durationMs));
  }

  async run(): Promise<void> {
    if (this.spec.startTimeMs > 0) {
      try {
        await sleep(this.spec.startTimeMs, undefined, { signal: this.startDelay.signal });
      } catch { /* test stopped before this scenario's startTime */ }
    }
    if (this.stopped) return;
    this.startedAt = Date.now();
    this.startPerf = performance.now();
    let resolveHard: () => void = () => {};
    const promise = new Promise<void>((r) => { resolveHard = r; });
    this.hardStop = { promise, resolve: () => resolveHard() };
    // Regular end of the scenario: duration (or maxDuration) + gracefulStop.
    this._armHardStop(this.spec.durationMs + this.spec.gracefulStopMs);

    const work = this._execute();
    await Promise.race([work, promise]);
    clearTimeout(this.hardStop.timer);
    this.stopped = true;
    if (this.inFlight.size > 0) {
      for (const state of this.inFlight) this._interrupt(state);
      // Give the VU loops a moment to notice and release their VUs / sockets.
      await Promise.race([work, sleep(50)]);
    }
  }

  /** Stop starting iterations; hard-stop in-flight ones after `graceMs`. */
  stop(graceMs: number = this.spec.gracefulStopMs): void {
    this.stopped = true;
    this.startDelay.abort();
    if (this.hardStop) this._armHardStop(performance.now() - this.startPerf + graceMs);
  }

  private _armHardStop(atElapsedMs: number): void {
    if (!this.hardStop) return;
    if (this.hardStop.at !== undefined && this.hardStop.at <= atElapsedMs) return; // only ever earlier
    this.hardStop.at = atElapsedMs;
    clearTimeout(this.hardStop.timer);
    const delay = Math.max(0, atElapsedMs - (performance.now() - this.startPerf));
    this.hardStop.timer = setTimeout(this.hardStop.resolve, delay);
  }

  private _interrupt(state: IterationState): void {
    if (state.aborted) return;
    state.abort();
    this.interrupted++;
  }

  private _elapsed(): number {
    return performance.now() - this.startPerf;
  }

  private _timeLeft(): boolean {
    return !this.stopped && this._elapsed() < this.spec.durationMs;
  }

  /** Runs one iteration of the scenario function on `vu`; never throws. */
  async runIteration(vu: VU): Promise<void> {
    const state = new IterationState(vu, this, vu.iteration);
    vu.iteration++;
    state.scenarioIteration = this.iterationsStarted++;
    this.inFlight.add(state);
    const t0 = performance.now();
    let interrupted = false;
    try {
      const work = als.run(state, async () => {
        await this.fn(this.setupData);
        await state.waitIdle();
      });
      // abortSignal lets a hard stop release the VU even if the script awaits forever.
      await Promise.race([work, state.abortSignal]);
      interrupted = state.aborted;
    } catch (err) {
      if (state.aborted && !state.error) {
        interrupted = true;
      } else if (isTestAbort(err)) {
        interrupted = true; // exec.test.abort(): not a script error
        this._interrupt(state);
      } else {
        logError(`Uncaught (in promise) ${describeError(err)}`, { executor: this.spec.executor, scenario: this.spec.name });
        state.abort(); // drop the failed iteration's timers/sockets, like k6 does
      }
    } finally {
      this.inFlight.delete(state);
    }
    // Interrupted iterations are counted in _interrupt(); ones that threw still
    // count as iterations, as in k6 (the error is logged).
    if (!interrupted) {
      this.completed++;
      builtin.iterations.add(1, this.metricTags);
      builtin.iteration_duration.add(performance.now() - t0, this.metricTags);
    }
  }

  private async _vuLoop(keepGoing: (vu: VU) => boolean, slot: RampSlot | null = null): Promise<void> {
    const vu = vuPool.acquire();
    if (slot) slot.vu = vu;
    try {
      while (keepGoing(vu)) {
        await this.runIteration(vu);
        // Iterations that never really await would otherwise starve timers (and
        // the scenario's own deadline) forever: give the event loop a turn.
        await yieldToLoop();
      }
    } finally {
      vuPool.release(vu);
    }
  }

  private _execute(): Promise<unknown> {
    switch (this.spec.executor) {
      case 'constant-vus':
        return Promise.all(Array.from({ length: this.spec.vus }, () => this._vuLoop(() => this._timeLeft())));
      case 'per-vu-iterations':
        return Promise.all(Array.from({ length: this.spec.vus }, () => {
          let done = 0;
          return this._vuLoop(() => this._timeLeft() && done++ < this.spec.iterations);
        }));
      case 'shared-iterations': {
        let claimed = 0;
        return Promise.all(Array.from({ length: this.spec.vus }, () =>
          this._vuLoop(() => this._timeLeft() && claimed++ < this.spec.iterations)));
      }
      case 'ramping-vus':
        return this._rampingVUs();
      case 'constant-arrival-rate':
      case 'ramping-arrival-rate':
        return this._arrivalRate();
      default:
        throw new Error(`unsupported executor ${this.spec.executor}`);
    }
  }

  // Target VU count at elapsed time t: linear between stage targets; floor while
  // ramping up and ceil while ramping down so both directions step evenly.
  private _vuTarget(t: number): number {
    let from = this.spec.startVUs;
    let acc = 0;
    for (const st of this.spec.stages) {
      if (t < acc + st.durationMs) {
        const v = from + ((st.target - from) * (t - acc)) / st.durationMs;
        return st.target >= from ? Math.floor(v) : Math.ceil(v);
      }
      acc += st.durationMs;
      from = st.target;
    }
    return from;
  }

  private async _rampingVUs(): Promise<void> {
    const slots: RampSlot[] = [];
    let target = 0;
    while (this._timeLeft()) {
      target = this._vuTarget(this._elapsed());
      for (let i = 0; i < Math.max(target, slots.length); i++) {
        const slot = (slots[i] ??= { loop: null, vu: null, overSince: 0 });
        if (i < target) {
          slot.overSince = 0;
          if (!slot.loop) {
            slot.loop = this._vuLoop(() => i < target && this._timeLeft(), slot)
              .finally(() => { slot.loop = null; });
          }
        } else if (slot.loop) {
          // Ramped down: the VU's current iteration gets gracefulRampDown to finish.
          slot.overSince ||= performance.now();
          if (performance.now() - slot.overSince > this.spec.gracefulRampDownMs) {
            for (const st of this.inFlight) if (st.vu === slot.vu) this._interrupt(st);
          }
        }
      }
      await sleep(20);
    }
    await Promise.all(slots.map((s) => s.loop));
  }

  // Cumulative number of iterations that should have started by elapsed t
  // (integral of the piecewise-linear rate), in iterations.
  private _arrivals(t: number): number {
    if (this.spec.executor === 'constant-arrival-rate') return (this.spec.rate * t) / this.spec.timeUnitMs;
    let from = this.spec.startRate;
    let acc = 0;
    let total = 0;
    for (const st of this.spec.stages) {
      const d = st.durationMs;
      if (t < acc + d) {
        const x = t - acc;
        const rateAtX = from + ((st.target - from) * x) / d;
        return total + ((from + rateAtX) / 2) * x / this.spec.timeUnitMs;
      }
      total += ((from + st.target) / 2) * d / this.spec.timeUnitMs;
      acc += d;
      from = st.target;
    }
    return total;
  }

  private _currentRatePerMs(t: number): number {
    if (this.spec.executor === 'constant-arrival-rate') return this.spec.rate / this.spec.timeUnitMs;
    let from = this.spec.startRate;
    let acc = 0;
    for (const st of this.spec.stages) {
      if (t < acc + st.durationMs) return (from + ((st.target - from) * (t - acc)) / st.durationMs) / this.spec.timeUnitMs;
      acc += st.durationMs;
      from = st.target;
    }
    return from / this.spec.timeUnitMs;
  }

  private async _arrivalRate(): Promise<void> {
    const idle: VU[] = [];
    let allocated = 0;
    const allocate = () => { allocated++; return vuPool.acquire(); };
    for (let i = 0; i < this.spec.preAllocatedVUs; i++) idle.push(allocate());
    const running = new Set<Promise<void>>();
    // The first iteration starts at t=0 when the starting rate is non-zero (as in k6).
    const offset = (this.spec.executor === 'constant-arrival-rate' ? this.spec.rate : this.spec.startRate) > 0 ? 1 : 0;
    let started = 0;
    let warnedMax = false;
    while (this._timeLeft()) {
      const t = this._elapsed();
      const due = Math.floor(this._arrivals(t) + 1e-9) + offset;
      while (started < due) {
        started++;
        let vu = idle.pop();
        if (!vu && allocated < this.spec.maxVUs) vu = allocate();
        if (!vu) {
          builtin.dropped_iterations.add(1, this.metricTags);
          if (!warnedMax) {
            warnedMax = true;
            logWarn(`Insufficient VUs, reached ${this.spec.maxVUs} active VUs and cannot initialize more (scenario=${this.spec.name})`);
          }
          continue;
        }
        const p = this.runIteration(vu).then(() => { running.delete(p); idle.push(vu); });
        running.add(p);
      }
      // Sleep until the next arrival is due (1 ms floor keeps CPU use sane at high rates).
      const ratePerMs = this._currentRatePerMs(t);
      const untilNext = ratePerMs > 0 ? (due - offset + 1 - this._arrivals(t)) / ratePerMs : 50;
      await sleep(Math.min(50, Math.max(1, untilNext), Math.max(1, this.spec.durationMs - t)));
    }
    await Promise.all([...running]);
    for (const vu of idle) vuPool.release(vu);
  }
}

/** exec.test.abort() throws an error marked this way (shims/execution.ts). */
function isTestAbort(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { k6TestAbort?: unknown }).k6TestAbort === true;
}
