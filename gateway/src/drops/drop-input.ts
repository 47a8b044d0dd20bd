// Request shapes for drops and the pure rules that combine them with the clock and the current row.
import { z } from 'zod';
import { badRequest } from '@livedrop/common';
import { DEFAULT_PREQUEUE_LEAD_MS, scheduleProblem, type DropSchedule } from '@livedrop/workflows';

const dateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time with offset, e.g. 2026-12-01T18:00:00Z');

const settings = {
  totalStock: z.number().int().min(1).max(1_000_000),
  perUserLimit: z.number().int().min(1).max(1_000_000),
  admissionRatePerS: z.number().int().min(1).max(100_000).describe('shoppers admitted per second'),
  checkoutWindowS: z.number().int().min(30).max(900).describe('seconds an admitted shopper has to order'),
};

export const scheduleDropBody = z.strictObject({
  productId: z.number().int().positive(),
  startsAt: dateTime,
  endsAt: dateTime,
  prequeueOpensAt: dateTime.optional().describe('defaults to 15 minutes before startsAt'),
  totalStock: settings.totalStock,
  perUserLimit: settings.perUserLimit,
  admissionRatePerS: settings.admissionRatePerS,
  checkoutWindowS: settings.checkoutWindowS.default(120),
});
export type ScheduleDropBody = z.infer<typeof scheduleDropBody>;

export const editDropBody = z
  .strictObject({
    version: z.number().int().min(1).describe('the version you read; a concurrent edit makes this a 409'),
    startsAt: dateTime.optional(),
    endsAt: dateTime.optional(),
    prequeueOpensAt: dateTime.optional(),
    totalStock: settings.totalStock.optional(),
    perUserLimit: settings.perUserLimit.optional(),
    admissionRatePerS: settings.admissionRatePerS.optional(),
    checkoutWindowS: settings.checkoutWindowS.optional(),
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'version'), { message: 'nothing to change' })
  .meta({ minProperties: 2 }); // the refine, said in /openapi.json: version and at least one change
export type EditDropBody = z.infer<typeof editDropBody>;

export const dropIdParams = z.object({ dropId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });

/** Everything a drop is scheduled with, after defaults; times as ISO strings in UTC. */
export interface DropPlan extends DropSchedule {
  totalStock: number;
  perUserLimit: number;
  admissionRatePerS: number;
  checkoutWindowS: number;
}

const iso = (value: string | number) => new Date(value).toISOString();

// The drops table stores its times as TIMESTAMP (MySQL/MariaDB): only this range fits; anything outside
// would fail the insert (500) after the workflow was already started or rescheduled.
const TIMESTAMP_MIN_MS = Date.parse('1970-01-01T00:00:01.000Z');
const TIMESTAMP_MAX_MS = Date.parse('2038-01-19T03:14:07.000Z');
const TIME_FIELDS = ['prequeueOpensAt', 'startsAt', 'endsAt'] as const;

function assertValid(plan: DropPlan, nowMs: number): DropPlan {
  const problem = scheduleProblem(plan, nowMs);
  if (problem) throw badRequest('invalid_schedule', problem.message, { field: problem.field });
  for (const field of TIME_FIELDS) {
    const ms = Date.parse(plan[field]);
    if (ms < TIMESTAMP_MIN_MS || ms > TIMESTAMP_MAX_MS) {
      throw badRequest('invalid_schedule', `${field} must be between 1970-01-01T00:00:01Z and 2038-01-19T03:14:07Z`, { field });
    }
  }
  if (plan.perUserLimit > plan.totalStock) {
    throw badRequest('invalid_limits', 'perUserLimit must not exceed totalStock', { field: 'perUserLimit' });
  }
  return plan;
}

/** Fills the defaults of a new drop and checks the rules zod cannot see (order of times, the clock). */
export function planNewDrop(body: ScheduleDropBody, nowMs: number): DropPlan {
  const startsMs = Date.parse(body.startsAt);
  return assertValid(
    {
      startsAt: iso(body.startsAt),
      endsAt: iso(body.endsAt),
      prequeueOpensAt: iso(body.prequeueOpensAt ?? startsMs - DEFAULT_PREQUEUE_LEAD_MS),
      totalStock: body.totalStock,
      perUserLimit: body.perUserLimit,
      admissionRatePerS: body.admissionRatePerS,
      checkoutWindowS: body.checkoutWindowS,
    },
    nowMs,
  );
}

/**
 * The plan after an edit. Moving the start without naming a new pre-queue time keeps the pre-queue's
 * lead (it opened 15 minutes before the old start → 15 minutes before the new one).
 */
export function planEdit(current: DropPlan, edit: EditDropBody, nowMs: number): DropPlan {
  const lead = Date.parse(current.startsAt) - Date.parse(current.prequeueOpensAt);
  const startsAt = iso(edit.startsAt ?? current.startsAt);
  const prequeueOpensAt = edit.prequeueOpensAt
    ? iso(edit.prequeueOpensAt)
    : edit.startsAt ? iso(Date.parse(startsAt) - lead) : current.prequeueOpensAt;
  return assertValid(
    {
      startsAt,
      endsAt: iso(edit.endsAt ?? current.endsAt),
      prequeueOpensAt,
      totalStock: edit.totalStock ?? current.totalStock,
      perUserLimit: edit.perUserLimit ?? current.perUserLimit,
      admissionRatePerS: edit.admissionRatePerS ?? current.admissionRatePerS,
      checkoutWindowS: edit.checkoutWindowS ?? current.checkoutWindowS,
    },
    nowMs,
  );
}

export const scheduleChanged = (a: DropSchedule, b: DropSchedule) =>
  a.startsAt !== b.startsAt || a.endsAt !== b.endsAt || a.prequeueOpensAt !== b.prequeueOpensAt;
