import {
  boundAdmission, measuredConversion, pipelineState, type AdmissionMeasures, type AdmissionPolicy,
} from '../src/controller/admission-bounds';

const policy: AdmissionPolicy = { tickMs: 1000, inflightThreshold: 500, latencyThresholdMs: 400, conversionFloor: 0.25 };

const measures = (over: Partial<AdmissionMeasures> = {}): AdmissionMeasures => ({
  rate: 100, carry: 0, paused: false, draining: false, soldOut: false, stockLeft: 1000, admittedNow: 0, waiting: 10_000,
  outcomes: { units: 0, buyers: 0, nonBuyers: 0, undecided: 0 },
  pipeline: { confirmed: 0, seconds: 0, lastSecond: 0, inflight: null, latencyAvgMs: null },
  ...over,
});

describe('boundAdmission', () => {
  it('admits rate × tick when nothing else binds, carrying the fraction to the next tick', () => {
    expect(boundAdmission(measures({ rate: 2.5, carry: 0.75 }), policy)).toMatchObject({ admit: 3, carry: 0.25, boundBy: 'rate', effectiveRate: 2.5 });
  });

  it('says what stops admission: pause, drain, no inventory, sold out (in that order)', () => {
    expect(boundAdmission(measures({ paused: true, draining: true }), policy)).toMatchObject({ admit: 0, boundBy: 'paused' });
    expect(boundAdmission(measures({ draining: true }), policy)).toMatchObject({ admit: 0, boundBy: 'draining' });
    expect(boundAdmission(measures({ stockLeft: null }), policy)).toMatchObject({ admit: 0, boundBy: 'no_inventory', maxOutstanding: null });
    expect(boundAdmission(measures({ stockLeft: 0, soldOut: true }), policy)).toMatchObject({ admit: 0, boundBy: 'sold_out' });
  });

  it('with nothing measured, admits at most one shopper per unit left', () => {
    expect(boundAdmission(measures({ stockLeft: 30, admittedNow: 25 }), policy)).toMatchObject({ admit: 5, carry: 0, boundBy: 'stock', maxOutstanding: 30 });
  });

  it('admits past the units left when admitted shoppers do not buy, down to the conversion floor', () => {
    // 10 units bought by 10 buyers, 30 who did not: conversion (10 + 1) / (40 + 1) ≈ 0.27 → 1 unit per ~3.7 shoppers.
    const low = boundAdmission(measures({ stockLeft: 10, admittedNow: 10, outcomes: { units: 10, buyers: 10, nonBuyers: 30, undecided: 0 } }), policy);
    expect(low.conversion).toBeCloseTo(11 / 41);
    expect(low).toMatchObject({ maxOutstanding: 37, admit: 27, boundBy: 'stock' });
    // Nobody buys at all: never more than stock / floor outstanding.
    const none = boundAdmission(measures({ stockLeft: 10, outcomes: { units: 0, buyers: 0, nonBuyers: 500, undecided: 20 } }), policy);
    expect(none).toMatchObject({ maxOutstanding: 40, admit: 40 });
  });

  it('buyers of several units make it admit fewer per unit', () => {
    const b = boundAdmission(measures({ stockLeft: 10, outcomes: { units: 21, buyers: 10, nonBuyers: 0, undecided: 0 } }), policy);
    expect(b).toMatchObject({ conversion: 2, maxOutstanding: 5, admit: 5 });
  });

  it('stops at the end of the queue without owing anything to later ticks', () => {
    expect(boundAdmission(measures({ waiting: 3, carry: 0.5 }), policy)).toMatchObject({ admit: 3, carry: 0, boundBy: 'queue' });
  });

  it('follows the pipeline when its backlog is above target: 0.9 × the sustained confirm rate per order-making admission', () => {
    const pipeline = { confirmed: 200, seconds: 5, lastSecond: 40, inflight: 900, latencyAvgMs: 300 };
    expect(boundAdmission(measures({ pipeline }), policy)).toMatchObject({ pipelineBusy: true, confirmRate: 40, effectiveRate: 36, admit: 36, boundBy: 'pipeline' });
    // Half the admitted buy: twice the admissions make the same orders.
    const half = boundAdmission(measures({ pipeline, outcomes: { units: 49, buyers: 49, nonBuyers: 50, undecided: 0 } }), policy);
    expect(half.effectiveRate).toBeCloseTo(72);
    // An ops rate below the pipeline's is still the bound.
    expect(boundAdmission(measures({ rate: 10, pipeline }), policy)).toMatchObject({ effectiveRate: 10, boundBy: 'rate', pipelineBusy: true });
  });

  it('keeps a trickle going when the pipeline confirms nothing, so it is still measured', () => {
    const stuck = boundAdmission(measures({ pipeline: { confirmed: 0, seconds: 0, lastSecond: 0, inflight: 600, latencyAvgMs: null } }), policy);
    expect(stuck).toMatchObject({ effectiveRate: 1, admit: 1, boundBy: 'pipeline' });
  });
});

describe('pipelineState', () => {
  const p = (over: Partial<AdmissionMeasures['pipeline']>) => ({ confirmed: 500, seconds: 5, lastSecond: 100, inflight: 10, latencyAvgMs: 100, ...over });
  it('targets the backlog that clears within half the latency threshold at the measured rate (Little’s law)', () => {
    // 500 confirms/s × 0.2 s = 100 orders; never below the start-up window of 20 nor above the threshold.
    expect(pipelineState(p({ confirmed: 2500 }), policy)).toMatchObject({ confirmRate: 500, targetBacklog: 100, headroom: 90, busy: false });
    expect(pipelineState(p({ confirmed: 0, seconds: 0, lastSecond: 0 }), policy)).toMatchObject({ targetBacklog: 20, headroom: 10 });
    expect(pipelineState(p({ confirmed: 50_000 }), policy).targetBacklog).toBe(500);
    // A pipeline speeding up: the last second leads the 5-s average.
    expect(pipelineState(p({ confirmed: 500, lastSecond: 300 }), policy).confirmRate).toBe(300);
  });
  it('is busy above the target, with no room left', () => {
    expect(pipelineState(p({ inflight: 30 }), policy)).toMatchObject({ busy: true, headroom: 0 });
  });
  it('gives no room while recent confirmations are slow, unless nothing is in flight', () => {
    expect(pipelineState(p({ latencyAvgMs: 900 }), policy)).toMatchObject({ busy: true, headroom: 0 });
    expect(pipelineState(p({ latencyAvgMs: 900, inflight: 0 }), policy)).toMatchObject({ busy: false, headroom: 20 });
  });
});

describe('closed loop (a simulated pipeline: capacity C orders/s, FIFO, shoppers order the moment they are admitted)', () => {
  /** Ops rate at 10× capacity, 0.25 s ticks, 60 s; returns the p95 wait of the orders and the confirmed rate after a warm-up. */
  function run(capacity: number) {
    const tick = 0.25;
    const p = { ...policy, tickMs: tick * 1000 };
    const queue: { at: number; n: number }[] = [];
    const confirmedBySecond = new Map<number, number>();
    let inflight = 0;
    let carry = 0;
    let firstSecond = -1;
    const waits: number[] = [];
    let confirmedAfterWarmup = 0;
    for (let step = 0; step < 60 / tick; step++) {
      const now = step * tick;
      const second = Math.floor(now);
      let confirmed = 0;
      let seconds = 0;
      for (let i = 1; i <= 5; i++) {
        const c = confirmedBySecond.get(second - i) ?? 0;
        if (c > 0 && second - i >= firstSecond) seconds = i;
        confirmed += c;
      }
      const b = boundAdmission(measures({
        rate: 10 * capacity, carry, stockLeft: 1e9,
        pipeline: { confirmed, seconds, lastSecond: confirmedBySecond.get(second - 1) ?? 0, inflight, latencyAvgMs: null },
      }), p);
      carry = b.carry;
      if (b.admit > 0) queue.push({ at: now, n: b.admit });
      inflight += b.admit;
      for (let room = capacity * tick; room > 0 && queue.length > 0;) {
        const head = queue[0]!;
        const take = Math.min(head.n, room);
        if (now >= 20) { for (let k = 0; k < take; k++) waits.push(now + tick - head.at); confirmedAfterWarmup += take; }
        confirmedBySecond.set(second, (confirmedBySecond.get(second) ?? 0) + take);
        if (firstSecond < 0) firstSecond = second;
        head.n -= take;
        room -= take;
        inflight -= take;
        if (head.n === 0) queue.shift();
      }
    }
    waits.sort((x, y) => x - y);
    return { p95: waits[Math.floor(waits.length * 0.95)]!, rate: confirmedAfterWarmup / 40 };
  }

  it.each([100, 1000])('at capacity %i/s: the pipeline stays busy and orders wait under half a second', (capacity) => {
    const { p95, rate } = run(capacity);
    expect(rate).toBeGreaterThan(0.9 * capacity);
    expect(p95).toBeLessThanOrEqual(0.5); // simulated seconds (tick granularity), not a timing of this test
  });
});

describe('measuredConversion', () => {
  it('is 1 with nothing measured and moves towards units / admissions as outcomes come in', () => {
    expect(measuredConversion({ units: 0, buyers: 0, nonBuyers: 0, undecided: 0 })).toBe(1);
    expect(measuredConversion({ units: 99, buyers: 99, nonBuyers: 100, undecided: 0 })).toBe(0.5);
  });
});
