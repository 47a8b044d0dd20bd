// Pure rules for a drop's schedule, shared by the gateway (request validation) and the lifecycle
// workflow (reschedule validator). No I/O: workflow bundles import this file.

export interface DropSchedule {
  prequeueOpensAt: string;
  startsAt: string;
  endsAt: string;
}

/** How long before the start the pre-queue opens when the creator does not say. */
export const DEFAULT_PREQUEUE_LEAD_MS = 15 * 60_000;

/** Returns the first broken rule as `{field, message}`, or undefined when the schedule is valid at `nowMs`. */
export function scheduleProblem(s: DropSchedule, nowMs: number): { field: keyof DropSchedule; message: string } | undefined {
  const prequeue = Date.parse(s.prequeueOpensAt);
  const start = Date.parse(s.startsAt);
  const end = Date.parse(s.endsAt);
  if (Number.isNaN(start)) return { field: 'startsAt', message: 'startsAt is not a valid date-time' };
  if (Number.isNaN(end)) return { field: 'endsAt', message: 'endsAt is not a valid date-time' };
  if (Number.isNaN(prequeue)) return { field: 'prequeueOpensAt', message: 'prequeueOpensAt is not a valid date-time' };
  if (start <= nowMs) return { field: 'startsAt', message: 'startsAt must be in the future' };
  if (end <= start) return { field: 'endsAt', message: 'endsAt must be after startsAt' };
  if (prequeue > start) return { field: 'prequeueOpensAt', message: 'prequeueOpensAt must not be after startsAt' };
  return undefined;
}
