import { Queue, Worker, type Job } from 'bullmq';
import type { Knex, Logger, Redis } from '@livedrop/common';

export const QUEUE_NAMES = { system: 'system' } as const;

export interface QueueDeps {
  redisUrl: string;
  logger: Logger;
  knex: Knex;
  redis: Redis;
}

/** BullMQ needs its own ioredis connections; options come from the same REDIS_URL. */
export function bullConnection(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null, // required by BullMQ workers
  };
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
    QUEUE_NAMES.system,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for ${job.name}`);
      return handler(job);
    },
    { connection, concurrency: 4 },
  );
  worker.on('failed', (job, err) => deps.logger.warn({ job: job?.name, err: err.message }, 'job failed'));
  const queue = new Queue(QUEUE_NAMES.system, { connection });
  return {
    queue,
    isRunning: () => worker.isRunning(),
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
