import { Worker, type ConnectionOptions } from 'bullmq';
import { QUEUES, type DomainEvent, type Logger } from '@livedrop/common';

/** Reacts to one domain event. Must be idempotent: events are delivered at least once. */
export type EventConsumer = (event: DomainEvent) => Promise<void>;

/**
 * One worker on the `events` queue runs every consumer for each event. A failing consumer fails the job,
 * BullMQ retries it and the others run again too, which their idempotency makes safe.
 */
export function startEventsWorker(opts: {
  connection: ConnectionOptions;
  prefix?: string;
  consumers: EventConsumer[];
  logger: Logger;
  concurrency?: number;
}) {
  const worker = new Worker<DomainEvent>(
    QUEUES.events,
    async (job) => {
      for (const consume of opts.consumers) await consume(job.data);
    },
    { connection: opts.connection, prefix: opts.prefix, concurrency: opts.concurrency ?? 8 },
  );
  worker.on('failed', (job, err) => opts.logger.warn({ event: job?.name, jobId: job?.id, err: err.message }, 'event consumer failed'));
  worker.on('error', (err) => opts.logger.warn({ err: err.message }, 'events worker error'));
  return worker;
}
