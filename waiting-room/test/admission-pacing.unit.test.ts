import { ADMISSION_SLICE_MS, planAdmissionPacing } from '../src/controller/admission-pacing';

describe('planAdmissionPacing', () => {
  it('without a spread every admission goes out at once (tests and ADMISSION_SPREAD_MS=0)', () => {
    expect(planAdmissionPacing(90, 0)).toEqual({ sizes: [90], gapMs: 0 });
    expect(planAdmissionPacing(90, ADMISSION_SLICE_MS - 1)).toEqual({ sizes: [90], gapMs: 0 });
  });

  it('spreads a tick evenly: slices ~50 ms apart, sizes differ by at most one, nobody lost or told twice', () => {
    const plan = planAdmissionPacing(90, 800);
    expect(plan.sizes).toHaveLength(16);
    expect(plan.gapMs).toBe(50);
    expect(plan.sizes.reduce((a, b) => a + b, 0)).toBe(90);
    expect(Math.max(...plan.sizes) - Math.min(...plan.sizes)).toBeLessThanOrEqual(1);
    // The first slice leaves at once: the head of the line is never held back.
    expect(plan.sizes[0]).toBeGreaterThan(0);
  });

  it('never makes more slices than admissions, nor empty ones', () => {
    expect(planAdmissionPacing(3, 800)).toEqual({ sizes: [1, 1, 1], gapMs: 800 / 3 });
    expect(planAdmissionPacing(1, 800)).toEqual({ sizes: [1], gapMs: 0 });
    expect(planAdmissionPacing(0, 800)).toEqual({ sizes: [], gapMs: 0 });
  });
});
