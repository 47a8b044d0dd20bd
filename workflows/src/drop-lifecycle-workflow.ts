import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from './activity-types';
import { scheduleProblem, type DropSchedule } from './drop-schedule';
import {
  cancelDropSignal, dropSoldOutSignal, dropStatusQuery, dropStockReopenedSignal, endDropEarlySignal, rescheduleDropUpdate,
  type DropStatus,
} from './shared';

export interface DropLifecycleInput extends DropSchedule {
  dropId: number;
}

/** Inventory is built this long before the start; from then on the schedule is frozen. */
export const PREPARE_LEAD_MS = 10_000;

// Both activities are idempotent, so retrying until they succeed is safe; a vanished drop is not retried.
const { prepareDropInventory, transitionDrop } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', maximumInterval: '10 seconds', nonRetryableErrorTypes: ['DropNotFound'] },
});

/** Resolves true when `wake` became true, false when `atMs` (workflow time) arrived first. */
async function waitUntil(atMs: number, wake: () => boolean): Promise<boolean> {
  const ms = atMs - Date.now();
  if (ms <= 0) return wake();
  return condition(wake, ms);
}

/**
 * One per drop (id `drop-<dropId>`): drives `drops.status` by the clock —
 * scheduled → live → sold_out ⇄ live → ended, or cancelled — and answers messages from shared.ts.
 * MySQL is written only by the `transitionDrop` activity, which also records the outbox event.
 */
export async function dropLifecycleWorkflow(input: DropLifecycleInput): Promise<DropStatus> {
  const { dropId } = input;
  let schedule: DropSchedule = { prequeueOpensAt: input.prequeueOpensAt, startsAt: input.startsAt, endsAt: input.endsAt };
  let status: DropStatus = 'scheduled';
  let frozen = false; // inventory is being built: the schedule may no longer change
  let scheduleVersion = 0;
  let cancelReason: string | undefined;
  let endReason: string | undefined;
  let soldOut = false; // what the order pipeline said last

  setHandler(dropStatusQuery, () => status);
  setHandler(cancelDropSignal, ({ reason }) => { cancelReason ??= reason || 'cancelled'; });
  setHandler(endDropEarlySignal, ({ reason }) => { endReason ??= reason || 'ended early'; });
  setHandler(dropSoldOutSignal, () => { soldOut = true; });
  setHandler(dropStockReopenedSignal, () => { soldOut = false; });
  setHandler(
    rescheduleDropUpdate,
    (next) => {
      schedule = { prequeueOpensAt: next.prequeueOpensAt, startsAt: next.startsAt, endsAt: next.endsAt };
      scheduleVersion += 1;
      return status;
    },
    {
      // Rejected updates leave no trace in history; the caller gets the message.
      validator: (next) => {
        if (status !== 'scheduled' || frozen || cancelReason !== undefined) {
          throw ApplicationFailure.nonRetryable('the drop has started or is about to start', 'DropNotEditable');
        }
        const problem = scheduleProblem(next, Date.now());
        if (problem) throw ApplicationFailure.nonRetryable(problem.message, 'InvalidSchedule');
      },
    },
  );

  // Scheduled: sleep until the inventory must be built; a reschedule restarts the wait with the new times.
  for (;;) {
    const seen = scheduleVersion;
    const woke = await waitUntil(Date.parse(schedule.startsAt) - PREPARE_LEAD_MS, () => cancelReason !== undefined || scheduleVersion !== seen);
    if (cancelReason !== undefined) return (status = await transitionDrop(dropId, 'scheduled', 'cancelled', cancelReason));
    if (!woke) break;
  }
  frozen = true;
  await prepareDropInventory({ dropId });
  await waitUntil(Date.parse(schedule.startsAt), () => cancelReason !== undefined);
  if (cancelReason !== undefined) return (status = await transitionDrop(dropId, 'scheduled', 'cancelled', cancelReason));
  status = await transitionDrop(dropId, 'scheduled', 'live');

  // Live: until the end time, follow sold-out / reopened signals; cancel or end early stop it.
  while (status === 'live' || status === 'sold_out') {
    const wantsChange = () => cancelReason !== undefined || endReason !== undefined || soldOut !== (status === 'sold_out');
    const timeUp = !(await waitUntil(Date.parse(schedule.endsAt), wantsChange));
    if (cancelReason !== undefined) status = await transitionDrop(dropId, status, 'cancelled', cancelReason);
    else if (timeUp || endReason !== undefined) status = await transitionDrop(dropId, status, 'ended', endReason ?? 'ended on time');
    else status = await transitionDrop(dropId, status, soldOut ? 'sold_out' : 'live');
  }
  return status;
}
