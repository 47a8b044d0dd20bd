import { boundAdmission, measuredConversion, pipelineBusy, type AdmissionMeasures, type AdmissionPolicy } from '../src/controller/admission-bounds';

const policy: AdmissionPolicy = { tickMs: 1000, inflightThreshold: 500, latencyThresholdMs: 400, conversionFloor: 0.25 };

const measures = (over: Partial<AdmissionMeasures> = {}): AdmissionMeasures => ({
  rate: 100, carry: 0, paused: false, draining: false, soldOut: false, stockLeft: 1000, admittedNow: 0, waiting: 10_000,
  outcomes: { units: 0, buyers: 0, nonBuyers: 0, undecided: 0 },
  pipeline: { confirmed: 0, seconds: 0, inflight: null, latencyAvgMs: null },
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
    const pipeline = { confirmed: 200, seconds: 5, inflight: 900, latencyAvgMs: 300 };
    expect(boundAdmission(measures({ pipeline }), policy)).toMatchObject({ pipelineBusy: true, confirmRate: 40, effectiveRate: 36, admit: 36, boundBy: 'pipeline' });
    // Half the admitted buy: twice the admissions make the same orders.
    const half = boundAdmission(measures({ pipeline, outcomes: { units: 49, buyers: 49, nonBuyers: 50, undecided: 0 } }), policy);
    expect(half.effectiveRate).toBeCloseTo(72);
    // An ops rate below the pipeline's is still the bound.
    expect(boundAdmission(measures({ rate: 10, pipeline }), policy)).toMatchObject({ effectiveRate: 10, boundBy: 'rate', pipelineBusy: true });
  });

  it('keeps a trickle going when the pipeline confirms nothing, so it is still measured', () => {
    const stuck = boundAdmission(measures({ pipeline: { confirmed: 0, seconds: 0, inflight: 600, latencyAvgMs: null } }), policy);
    expect(stuck).toMatchObject({ effectiveRate: 1, admit: 1, boundBy: 'pipeline' });
  });
});

describe('pipelineBusy', () => {
  const p = (over: Partial<AdmissionMeasures['pipeline']>) => ({ confirmed: 500, seconds: 5, inflight: 10, latencyAvgMs: 100, ...over });
  it('is healthy with a small backlog and fast confirmations', () => expect(pipelineBusy(p({}), policy).busy).toBe(false));
  it('is busy above the backlog threshold', () => expect(pipelineBusy(p({ inflight: 501 }), policy).busy).toBe(true));
  it('is busy when recent confirmations were slow and orders are in flight', () => {
    expect(pipelineBusy(p({ latencyAvgMs: 900 }), policy).busy).toBe(true);
    expect(pipelineBusy(p({ latencyAvgMs: 900, inflight: 0 }), policy).busy).toBe(false); // stale latencies of an empty pipeline
  });
  it('is busy when the backlog would take longer than the latency target to clear (Little’s law)', () => {
    // 100 confirms/s × 0.4 s = 40 orders clear in time; 60 do not.
    expect(pipelineBusy(p({ inflight: 60 }), policy).busy).toBe(true);
    expect(pipelineBusy(p({ inflight: 40 }), policy).busy).toBe(false);
  });
  it('ignores a tiny backlog at start-up, before anything confirmed', () => {
    expect(pipelineBusy(p({ confirmed: 0, seconds: 0, inflight: 15, latencyAvgMs: null }), policy).busy).toBe(false);
  });
});

describe('measuredConversion', () => {
  it('is 1 with nothing measured and moves towards units / admissions as outcomes come in', () => {
    expect(measuredConversion({ units: 0, buyers: 0, nonBuyers: 0, undecided: 0 })).toBe(1);
    expect(measuredConversion({ units: 99, buyers: 99, nonBuyers: 100, undecided: 0 })).toBe(0.5);
  });
});
