import { Worker, type ConnectionOptions, type Queue } from 'bullmq';
import { QUEUES, type Knex, type Logger, type Redis } from '@livedrop/common';
import { createDropStartedFanout, DROP_STARTED_BATCH, type DropStartedBatch } from './drop-started-fanout';
import { scanStockLow, STOCK_LOW_SCAN } from './stock-low';

/** Runs the `notifications` queue: follower fan-out pages and the periodic stock-low scan. */
export async function startNotificationsWorker(opts: {
  connection: ConnectionOptions;
  prefix?: string;
  queue: Queue;
  knex: Knex;
  redis: Redis;
  logger: Logger;
  stockLowThreshold: number;
  stockLowScanMs?: number;
}) {
  const fanout = createDropStartedFanout({ knex: opts.knex, redis: opts.redis });
  const worker = new Worker(
    QUEUES.notifications,
    async (job) => {
      if (job.name === DROP_STARTED_BATCH) return fanout(job.data as DropStartedBatch);
      if (job.name === STOCK_LOW_SCAN) return scanStockLow({ knex: opts.knex, redis: opts.redis, threshold: opts.stockLowThreshold });
      throw new Error(`no handler for ${job.name}`);
    },
    // Fan-out pages wait mostly on MySQL and Redis round trips: several in flight keep both busy.
    { connection: opts.connection, prefix: opts.prefix, concurrency: 8 },
  );
  worker.on('failed', (job, err) => opts.logger.warn({ job: job?.name, jobId: job?.id, err: err.message }, 'notification job failed'));
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'notifications worker error'));
  // One scheduler entry however many jobs workers run (upsert is keyed by the scheduler id).
  await opts.queue.upsertJobScheduler(STOCK_LOW_SCAN, { every: opts.stockLowScanMs ?? 1000 }, {
    name: STOCK_LOW_SCAN,
    opts: { removeOnComplete: true, removeOnFail: 100 },
  });
  return worker;
}
