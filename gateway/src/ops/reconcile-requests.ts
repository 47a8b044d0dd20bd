import { Queue } from 'bullmq';
import { bullConnection, QUEUES } from '@livedrop/common';

/** Ops asking for a drop's reconciliation now: a job on the jobs worker's reconciliation queue. */
export function createReconcileRequests(redisUrl: string) {
  return {
    /** Queues one reconcile-drop job and answers its id. */
    async requestDrop(dropId: number): Promise<string> {
      // A rare ops call: a short-lived queue handle keeps the gateway free of a BullMQ connection it would rarely use.
      const queue = new Queue(QUEUES.reconciliation, { connection: bullConnection(redisUrl) });
      try {
        const job = await queue.add('reconcile-drop', { dropId, trigger: 'ops' }, { removeOnComplete: 1000, removeOnFail: 1000 });
        return String(job.id);
      } finally {
        await queue.close();
      }
    },
  };
}
