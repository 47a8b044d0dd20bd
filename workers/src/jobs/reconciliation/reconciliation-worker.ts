import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { QUEUES, RUNNING_DROP_STATUSES } from '@livedrop/common';
import { createDropsRepo } from '../../repos/drops-repo';
import { reconcileDrop, type ReconcileDeps } from './reconcile-drop';

export interface ReconciliationOptions extends ReconcileDeps {
  connection: ConnectionOptions;
  intervalMs: number;
  /** BullMQ key prefix; tests use their own so they never meet another process's jobs. */
  prefix?: string;
}

const SCHEDULER_ID = 'reconcile-live-drops';

/**
 * The reconciliation queue: a job scheduler fans out one `reconcile-drop` job per live or sold-out drop
 * every `intervalMs`; ops add the same job on demand. Jobs are deduplicated per drop while one is queued.
 */
export function startReconciliation(opts: ReconciliationOptions) {
  const { connection, prefix } = opts;
  const queue = new Queue(QUEUES.reconciliation, { connection, prefix });
  const handlers: Record<string, (job: Job) => Promise<unknown>> = {
    async [SCHEDULER_ID]() {
      const drops = await createDropsRepo(opts.knex).idsWithStatus(RUNNING_DROP_STATUSES);
      await queue.addBulk(drops.map((id) => ({
        name: 'reconcile-drop',
        data: { dropId: Number(id), trigger: 'schedule' },
        opts: { deduplication: { id: `reconcile-${id}` }, removeOnComplete: 1000, removeOnFail: 1000 },
      })));
      return { drops: drops.length };
    },
    async 'reconcile-drop'(job) {
      const repairs = await reconcileDrop(opts, Number((job.data as { dropId: number }).dropId));
      return { repairs: repairs.length, kinds: repairs.map((r) => r.kind) };
    },
  };
  const worker = new Worker(
    QUEUES.reconciliation,
    async (job) => {
      const handler = handlers[job.name];
      if (!handler) throw new Error(`no handler for ${job.name}`);
      return handler(job);
    },
    { connection, prefix, concurrency: 2 },
  );
  worker.on('failed', (job, err) => opts.logger.warn({ job: job?.name, data: job?.data as unknown, err: err.message }, 'reconciliation failed'));
  // Upserting is idempotent: every jobs process declares the same schedule, BullMQ keeps one.
  const ready = queue
    .upsertJobScheduler(SCHEDULER_ID, { every: opts.intervalMs }, { name: SCHEDULER_ID, opts: { removeOnComplete: 100, removeOnFail: 100 } })
    .catch((err: Error) => opts.logger.error({ err: err.message }, 'could not schedule reconciliation'));
  return {
    queue,
    worker,
    ready,
    close: async () => {
      await ready;
      await worker.close();
      await queue.close();
    },
  };
}
