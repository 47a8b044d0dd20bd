// One running scenario: executor logic (how many iterations start when) plus
// the graceful-stop handling shared by all executors.
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { als, IterationState, vuPool, logError, logWarn, describeError } from './context.mjs';
import { builtin } from './metrics.mjs';

export class ScenarioRun {
  constructor(cfg, fn, setupData, globalTags) {
    Object.assign(this, cfg); // name, executor, exec, durationMs, ...
    this.fn = fn;
    this.setupData = setupData;
    this.metricTags = { ...globalTags, ...cfg.tags, scenario: cfg.name };
    this.inFlight = new Set();   // IterationState of running iterations
    this.completed = 0;
    this.interrupted = 0;
    this.iterationsStarted = 0;  // exec.scenario.iterationInTest
    this.stopped = false;        // no new iterations once set
    this.startedAt = 0;          // epoch ms, for exec.scenario.startTime
    this._startPerf = 0;
    this._hardStop = null;       // { promise, resolve, timer }
    this._startDelay = new AbortController();
  }

  get progress() {
    if (!this._startPerf) return 0;
    return Math.min(1, (performance.now() - this._startPerf) / Math.max(1, this.durationMs));
  }

  async run() {
    if (this.startTimeMs > 0) {
      try {
        await sleep(this.startTimeMs, undefined, { signal: this._startDelay.signal });
      } catch { /* test stopped before this scenario's startTime */ }
    }
    if (this.stopped) return;
    this.startedAt = Date.now();
    this._startPerf = performance.now();
    let resolveHard;
    this._hardStop = { promise: new Promise((r) => { resolveHard = r; }), resolve: () => resolveHard() };
    // Regular end of the scenario: duration (or maxDuration) + gracefulStop.
    this._armHardStop(this.durationMs + this.gracefulStopMs);

    const work = this._execute();
    await Promise.race([work, this._hardStop.promise]);
    clearTimeout(this._hardStop.timer);
    this.stopped = true;
    if (this.inFlight.size > 0) {
      for (const state of this.inFlight) this._interrupt(state);
      // Give the VU loops a moment to notice and release their VUs / sockets.
      await Promise.race([work, sleep(50)]);
    }
  }

  /** Stop starting iterations; hard-stop in-flight ones after `graceMs`. */
  stop(graceMs = this.gracefulStopMs) {
    this.stopped = true;
    this._startDelay.abort();
    if (this._hardStop) this._armHardStop(performance.now() - this._startPerf + graceMs);
  }

  _armHardStop(atElapsedMs) {
    if (this._hardStop.at !== undefined && this._hardStop.at <= atElapsedMs) return; // only ever earlier
    this._hardStop.at = atElapsedMs;
    clearTimeout(this._hardStop.timer);
    const delay = Math.max(0, atElapsedMs - (performance.now() - this._startPerf));
    this._hardStop.timer = setTimeout(this._hardStop.resolve, delay);
  }

  _interrupt(state) {
    if (state.aborted) return;
    state.abort();
    this.interrupted++;
  }

  _elapsed() {
    return performance.now() - this._startPerf;
  }

  _timeLeft() {
    return !this.stopped && this._elapsed() < this.durationMs;
  }

  /** Runs one iteration of the scenario function on `vu`; never throws. */
  async runIteration(vu) {
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
      } else if (err?.k6TestAbort) {
        interrupted = true; // exec.test.abort(): not a script error
        this._interrupt(state);
      } else {
        logError(`Uncaught (in promise) ${describeError(err)}`, { executor: this.executor, scenario: this.name });
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

  async _vuLoop(keepGoing, slot = null) {
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

  _execute() {
    switch (this.executor) {
      case 'constant-vus':
        return Promise.all(Array.from({ length: this.vus }, () => this._vuLoop(() => this._timeLeft())));
      case 'per-vu-iterations':
        return Promise.all(Array.from({ length: this.vus }, () => {
          let done = 0;
          return this._vuLoop(() => this._timeLeft() && done++ < this.iterations);
        }));
      case 'shared-iterations': {
        let claimed = 0;
        return Promise.all(Array.from({ length: this.vus }, () =>
          this._vuLoop(() => this._timeLeft() && claimed++ < this.iterations)));
      }
      case 'ramping-vus':
        return this._rampingVUs();
      case 'constant-arrival-rate':
      case 'ramping-arrival-rate':
        return this._arrivalRate();
      default:
        throw new Error(`unsupported executor ${this.executor}`);
    }
  }

  // Target VU count at elapsed time t: linear between stage targets; floor while
  // ramping up and ceil while ramping down so both directions step evenly.
  _vuTarget(t) {
    let from = this.startVUs;
    let acc = 0;
    for (const st of this.stages) {
      if (t < acc + st.durationMs) {
        const v = from + ((st.target - from) * (t - acc)) / st.durationMs;
        return st.target >= from ? Math.floor(v) : Math.ceil(v);
      }
      acc += st.durationMs;
      from = st.target;
    }
    return from;
  }

  async _rampingVUs() {
    const slots = []; // slot index -> { loop, vu, overSince }
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
          if (performance.now() - slot.overSince > this.gracefulRampDownMs) {
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
  _arrivals(t) {
    if (this.executor === 'constant-arrival-rate') return (this.rate * t) / this.timeUnitMs;
    let from = this.startRate;
    let acc = 0;
    let total = 0;
    for (const st of this.stages) {
      const d = st.durationMs;
      if (t < acc + d) {
        const x = t - acc;
        const rateAtX = from + ((st.target - from) * x) / d;
        return total + ((from + rateAtX) / 2) * x / this.timeUnitMs;
      }
      total += ((from + st.target) / 2) * d / this.timeUnitMs;
      acc += d;
      from = st.target;
    }
    return total;
  }

  _currentRatePerMs(t) {
    if (this.executor === 'constant-arrival-rate') return this.rate / this.timeUnitMs;
    let from = this.startRate;
    let acc = 0;
    for (const st of this.stages) {
      if (t < acc + st.durationMs) return (from + ((st.target - from) * (t - acc)) / st.durationMs) / this.timeUnitMs;
      acc += st.durationMs;
      from = st.target;
    }
    return from / this.timeUnitMs;
  }

  async _arrivalRate() {
    const idle = [];
    let allocated = 0;
    const allocate = () => { allocated++; return vuPool.acquire(); };
    for (let i = 0; i < this.preAllocatedVUs; i++) idle.push(allocate());
    const running = new Set();
    // The first iteration starts at t=0 when the starting rate is non-zero (as in k6).
    const offset = (this.executor === 'constant-arrival-rate' ? this.rate : this.startRate) > 0 ? 1 : 0;
    let started = 0;
    let warnedMax = false;
    while (this._timeLeft()) {
      const t = this._elapsed();
      const due = Math.floor(this._arrivals(t) + 1e-9) + offset;
      while (started < due) {
        started++;
        let vu = idle.pop();
        if (!vu && allocated < this.maxVUs) vu = allocate();
        if (!vu) {
          builtin.dropped_iterations.add(1, this.metricTags);
          if (!warnedMax) {
            warnedMax = true;
            logWarn(`Insufficient VUs, reached ${this.maxVUs} active VUs and cannot initialize more (scenario=${this.name})`);
          }
          continue;
        }
        const p = this.runIteration(vu).then(() => { running.delete(p); idle.push(vu); });
        running.add(p);
      }
      // Sleep until the next arrival is due (1 ms floor keeps CPU use sane at high rates).
      const ratePerMs = this._currentRatePerMs(t);
      const untilNext = ratePerMs > 0 ? (due - offset + 1 - this._arrivals(t)) / ratePerMs : 50;
      await sleep(Math.min(50, Math.max(1, untilNext), Math.max(1, this.durationMs - t)));
    }
    await Promise.all([...running]);
    for (const vu of idle) vuPool.release(vu);
  }
}
