import {
  ApplicationFailure, WorkflowIdReusePolicy, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client,
} from '@temporalio/client';
import { AppError, badRequest, conflict } from '@livedrop/common';
import {
  cancelDropSignal, dropStatusQuery, endDropEarlySignal, rescheduleDropUpdate, workflowIds, type DropLifecycleInput,
  type DropSchedule, type DropStatus,
} from '@livedrop/workflows';

/** Registered name of workflows/src/drop-lifecycle-workflow.ts (started by name: the gateway never loads workflow code). */
export const DROP_LIFECYCLE_WORKFLOW = 'dropLifecycleWorkflow';

const notEditable = () => conflict('drop_not_editable', 'the drop has started or is about to start; it can no longer be edited');

/** A workflow that already finished (ended/cancelled) answers like one that refused the message. */
function isGone(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError) return true;
  const message = err instanceof Error ? err.message : '';
  return /already completed|not found/i.test(message);
}

/** The gateway's side of the drop-lifecycle workflow: start it and message it, with errors as AppErrors. */
export function createDropWorkflows(temporal: Client, taskQueue: string) {
  const handle = (dropId: number) => temporal.workflow.getHandle(workflowIds.dropLifecycle(dropId));
  return {
    async start(input: DropLifecycleInput): Promise<string> {
      const workflowId = workflowIds.dropLifecycle(input.dropId);
      await temporal.workflow.start(DROP_LIFECYCLE_WORKFLOW, {
        taskQueue,
        workflowId,
        args: [input],
        // The workflow id is the drop's identity: a second lifecycle for the same drop is refused.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      return workflowId;
    },

    /** Accepted only while the workflow still waits for the start; also the "still editable?" gate for any edit. */
    async reschedule(dropId: number, schedule: DropSchedule): Promise<DropStatus> {
      try {
        return await handle(dropId).executeUpdate(rescheduleDropUpdate, { args: [schedule] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const cause = err.cause;
          if (cause instanceof ApplicationFailure && cause.type === 'InvalidSchedule') {
            throw badRequest('invalid_schedule', cause.message);
          }
          throw notEditable();
        }
        if (isGone(err)) throw notEditable();
        throw err;
      }
    },

    async cancel(dropId: number, reason: string): Promise<void> {
      await signal(() => handle(dropId).signal(cancelDropSignal, { reason }));
    },

    async endEarly(dropId: number, reason: string): Promise<void> {
      await signal(() => handle(dropId).signal(endDropEarlySignal, { reason }));
    },

    status: (dropId: number): Promise<DropStatus> => handle(dropId).query(dropStatusQuery),
  };
}

async function signal(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (err) {
    if (isGone(err)) throw new AppError(409, 'drop_finished', 'the drop has already ended or been cancelled');
    throw err;
  }
}

export type DropWorkflows = ReturnType<typeof createDropWorkflows>;
