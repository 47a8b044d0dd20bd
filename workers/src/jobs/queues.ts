import { Queue, Worker, type Job } from 'bullmq';
import { bullConnection, QUEUES, type Knex, type Logger, type Redis } from '@livedrop/common';
import { startReconciliation } from './reconciliation';

export interface QueueDeps {
  redisUrl: string;
  logger: Logger;
  knex: Knex;
  redis: Redis;
  /** How often every live drop is reconciled (RECONCILE_INTERVAL_MS). */
  reconcileIntervalMs?: number;
}

/** Starts every BullMQ worker of this process. Handlers are idempotent: jobs are at-least-once. */
export function startQueues(deps: QueueDeps) {
  const connection = bullConnection(deps.redisUrl);
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    async heartbeat(job) {
      return { at: job.data as unknown };
    },
  };
  const worker = new Worker(
    QUEUES.system,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for ${job.name}`);
      return handler(job);
    },
    { connection, concurrency: 4 },
  );
  worker.on('failed', (job, err) => deps.logger.warn({ job: job?.name, err: err.message }, 'job failed'));
  const queue = new Queue(QUEUES.system, { connection });
  const reconciliation = startReconciliation({ ...deps, connection, intervalMs: deps.reconcileIntervalMs ?? 30_000 });
  return {
    queue,
    isRunning: () => worker.isRunning(),
    close: async () => {
      await reconciliation.close();
      await worker.close();
      await queue.close();
    },
  };
}
