import { Queue, Worker, type Job } from 'bullmq';
import { bullConnection, QUEUES, type Knex, type Logger, type Redis } from '@livedrop/common';

export interface QueueDeps {
  redisUrl: string;
  logger: Logger;
  knex: Knex;
  redis: Redis;
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
  return {
    queue,
    isRunning: () => worker.isRunning(),
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
