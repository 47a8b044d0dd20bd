import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { QUEUES, type DomainEvent } from '@livedrop/common';
import type { EventConsumer } from '../events/events-worker';
import { collectGarbage, type GarbageDeps } from './collect-garbage';
import { processMedia, type MediaProcessingDeps } from './process-media';

export interface MediaJobsOptions extends MediaProcessingDeps, Omit<GarbageDeps, 'knex' | 'storage' | 'logger'> {
  connection: ConnectionOptions;
  gcIntervalMs: number;
  /** BullMQ key prefix; tests use their own. */
  prefix?: string;
}

const GC_SCHEDULER = 'media-gc';

/**
 * The `media` queue: `process` turns a registered upload into variants (one job per media, deduplicated),
 * and a job scheduler runs `media-gc`. Processing is CPU-heavy (AVIF), so it runs here, never in the gateway,
 * one image at a time. `trigger` is the events consumer that queues processing on `product.media_added`.
 */
export function startMediaJobs(opts: MediaJobsOptions) {
  const { connection, prefix } = opts;
  const queue = new Queue(QUEUES.media, { connection, prefix });
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    process: async (job) => ({ result: await processMedia(opts, Number((job.data as { mediaId: number }).mediaId)) }),
    [GC_SCHEDULER]: async () => collectGarbage(opts),
  };
  const worker = new Worker(QUEUES.media, async (job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for ${job.name}`);
    return handler(job);
  }, { connection, prefix, concurrency: 1 });
  worker.on('failed', (job, err) => opts.logger.warn({ job: job?.name, data: job?.data as unknown, err: err.message }, 'media job failed'));
  const ready = queue
    .upsertJobScheduler(GC_SCHEDULER, { every: opts.gcIntervalMs }, { name: GC_SCHEDULER, opts: { removeOnComplete: 100, removeOnFail: 100 } })
    .catch((err: Error) => opts.logger.error({ err: err.message }, 'could not schedule media GC'));

  const trigger: EventConsumer = async (event: DomainEvent) => {
    if (event.type !== 'product.media_added') return;
    const mediaId = Number(event.payload.mediaId);
    if (!Number.isSafeInteger(mediaId) || mediaId <= 0) return;
    await queue.add('process', { mediaId }, {
      jobId: `process-${mediaId}`, attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 1000, removeOnFail: 1000,
    });
  };

  return {
    queue,
    worker,
    trigger,
    ready,
    isRunning: () => worker.isRunning(),
    close: async () => {
      await ready;
      await worker.close();
      await queue.close();
    },
  };
}
