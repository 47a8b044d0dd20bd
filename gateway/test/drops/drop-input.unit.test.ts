import { AppError } from '@livedrop/common';
import { editDropBody, planEdit, planNewDrop, scheduleDropBody, type DropPlan } from '../../src/drops/drop-input';
import { generateSeed, hashSeed } from '../../src/drops/drop-seed';
import { toDropDetail } from '../../src/drops/drop-view';
import type { DropRow } from '../../src/drops/drops-repo';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();

const validBody = (overrides: Record<string, unknown> = {}) =>
  scheduleDropBody.parse({ productId: 7, startsAt: at(60), endsAt: at(120), totalStock: 100, perUserLimit: 2, admissionRatePerS: 50, ...overrides });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof AppError ? err.code : 'not-app-error';
  }
  return undefined;
}

describe('planNewDrop', () => {
  it('defaults the pre-queue to 15 minutes before the start and the checkout window to 120 s', () => {
    const plan = planNewDrop(validBody(), NOW);
    expect(plan.prequeueOpensAt).toBe(at(45));
    expect(plan.checkoutWindowS).toBe(120);
    expect(plan.startsAt).toBe(at(60));
  });

  it('normalises offsets to UTC', () => {
    const plan = planNewDrop(validBody({ startsAt: '2026-12-01T14:00:00+01:00' }), NOW);
    expect(plan.startsAt).toBe('2026-12-01T13:00:00.000Z');
  });

  it.each([
    ['a start in the past', { startsAt: at(-1) }, 'invalid_schedule'],
    ['a start right now', { startsAt: at(0) }, 'invalid_schedule'],
    ['an end before the start', { endsAt: at(30) }, 'invalid_schedule'],
    ['an end equal to the start', { endsAt: at(60) }, 'invalid_schedule'],
    ['a pre-queue after the start', { prequeueOpensAt: at(61) }, 'invalid_schedule'],
    ['a per-user limit above the stock', { totalStock: 3, perUserLimit: 4 }, 'invalid_limits'],
    ['an end past the TIMESTAMP range (2038)', { endsAt: '2040-01-01T00:00:00Z' }, 'invalid_schedule'],
    ['an end in year 10000 (via a negative offset)', { endsAt: '9999-12-31T23:59:59-23:59' }, 'invalid_schedule'],
    ['a pre-queue before 1970', { prequeueOpensAt: '1960-01-01T00:00:00Z' }, 'invalid_schedule'],
  ])('rejects %s', (_name, overrides, code) => {
    expect(codeOf(() => planNewDrop(validBody(overrides), NOW))).toBe(code);
  });

  it('accepts a pre-queue equal to the start', () => {
    expect(planNewDrop(validBody({ prequeueOpensAt: at(60) }), NOW).prequeueOpensAt).toBe(at(60));
  });
});

describe('scheduleDropBody', () => {
  it.each([
    ['stock 0', { totalStock: 0 }],
    ['stock above a million', { totalStock: 1_000_001 }],
    ['fractional stock', { totalStock: 1.5 }],
    ['per-user limit 0', { perUserLimit: 0 }],
    ['rate 0', { admissionRatePerS: 0 }],
    ['checkout window 29 s', { checkoutWindowS: 29 }],
    ['checkout window 901 s', { checkoutWindowS: 901 }],
    ['a date without offset', { startsAt: '2026-12-01T13:00:00' }],
    ['a non-date', { endsAt: 'tomorrow' }],
    ['an unknown field', { status: 'live' }],
  ])('rejects %s', (_name, overrides) => {
    expect(scheduleDropBody.safeParse({ productId: 7, startsAt: at(60), endsAt: at(120), totalStock: 100, perUserLimit: 2, admissionRatePerS: 50, ...overrides }).success).toBe(false);
  });

  it('requires something to change besides the version on edit', () => {
    expect(editDropBody.safeParse({ version: 1 }).success).toBe(false);
    expect(editDropBody.safeParse({ version: 1, totalStock: 5 }).success).toBe(true);
  });
});

describe('planEdit', () => {
  const current: DropPlan = planNewDrop(validBody({ prequeueOpensAt: at(50) }), NOW);

  it('keeps the pre-queue lead when only the start moves', () => {
    const next = planEdit(current, editDropBody.parse({ version: 1, startsAt: at(90), endsAt: at(150) }), NOW);
    expect(next.prequeueOpensAt).toBe(at(80));
    expect(next.startsAt).toBe(at(90));
  });

  it('changes settings without touching the times', () => {
    const next = planEdit(current, editDropBody.parse({ version: 1, totalStock: 10, admissionRatePerS: 5 }), NOW);
    expect(next).toEqual({ ...current, totalStock: 10, admissionRatePerS: 5 });
  });

  it('rejects an edit that puts the end before the start', () => {
    expect(codeOf(() => planEdit(current, editDropBody.parse({ version: 1, startsAt: at(130) }), NOW))).toBe('invalid_schedule');
  });

  it('rejects lowering the stock below the per-user limit', () => {
    expect(codeOf(() => planEdit(current, editDropBody.parse({ version: 1, totalStock: 1 }), NOW))).toBe('invalid_limits');
  });
});

describe('seed and detail view', () => {
  it('publishes sha256 of the hex seed, and hides the seed while scheduled', () => {
    const { seed, seedHash } = generateSeed();
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSeed(seed)).toBe(seedHash);
    expect(generateSeed().seed).not.toBe(seed);
    const row = {
      id: 1, product_id: 2, creator_id: 3, prequeue_opens_at: new Date(NOW), starts_at: new Date(NOW), ends_at: new Date(NOW),
      total_stock: 5, per_user_limit: 1, admission_rate_per_s: 5, checkout_window_s: 120, status: 'scheduled', seed_hash: seedHash,
      seed, price_minor: 1000, currency: 'EUR', workflow_id: 'drop-1', version: 1, created_at: new Date(NOW), updated_at: new Date(NOW),
    } satisfies DropRow;
    expect(toDropDetail(row).seed).toBeNull();
    expect(toDropDetail({ ...row, status: 'live' }).seed).toBe(seed);
  });
});
