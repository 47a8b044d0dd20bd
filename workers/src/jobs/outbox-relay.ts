import type { Queue } from 'bullmq';
import { markEventsPublished, takeUnpublishedEvents, type Knex, type Logger } from '@livedrop/common';

export interface OutboxRelayOptions {
  knex: Knex;
  /** The BullMQ `events` queue. */
  queue: Queue;
  logger: Logger;
  intervalMs?: number;
  batchSize?: number;
  /** Narrows which rows this relay takes. Tests use it: several relays share one test database. */
  filter?: (query: Knex.QueryBuilder) => Knex.QueryBuilder;
}

// Completed event jobs stay a while so a re-relayed row (crash between add and commit) hits the same jobId.
const KEEP_JOBS = { removeOnComplete: { age: 24 * 3600, count: 50_000 }, removeOnFail: { age: 7 * 24 * 3600 } };

export const eventJobId = (outboxId: number) => `evt-${outboxId}`;

/**
 * Moves committed outbox rows to the `events` queue. `FOR UPDATE SKIP LOCKED` lets several jobs workers
 * relay side by side without taking the same rows; jobId `evt-<id>` makes a repeated relay a no-op, so the
 * only failure mode (added to BullMQ, then the UPDATE lost) cannot produce a second job.
 */
export function createOutboxRelay(opts: OutboxRelayOptions) {
  const intervalMs = opts.intervalMs ?? 100;
  const batchSize = opts.batchSize ?? 500;

  async function relayOnce(): Promise<number> {
    // READ COMMITTED: the locking read takes the rows it returns and no gap locks. Under REPEATABLE READ it also
    // locked the gap past the last row for the whole transaction (which waits on BullMQ), so every transaction
    // recording an event (a sign-up, a sale batch) waited on the relay, and concurrent ones deadlocked (seen as
    // 500s on sign-ups once the jobs worker ran at a lower priority).
    return opts.knex.transaction(async (trx) => {
      const events = await takeUnpublishedEvents(trx, batchSize, opts.filter);
      if (events.length === 0) return 0;
      await opts.queue.addBulk(
        events.map((event) => ({ name: event.type, data: event, opts: { jobId: eventJobId(event.id), ...KEEP_JOBS } })),
      );
      await markEventsPublished(trx, events.map((e) => e.id));
      return events.length;
    }, { isolationLevel: 'read committed' });
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  const loop = async () => {
    try {
      // A full batch means more are waiting: go again at once instead of sleeping.
      while (!stopped && (await relayOnce()) === batchSize);
    } catch (err) {
      opts.logger.warn({ err }, 'outbox relay failed; retrying');
    }
    if (!stopped) timer = setTimeout(() => { running = loop(); }, intervalMs);
  };

  return {
    relayOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      running = loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
