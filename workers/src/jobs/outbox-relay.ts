import type { Queue } from 'bullmq';
import type { DomainEvent, EventType, Knex, Logger } from '@livedrop/common';

interface OutboxRow {
  id: number;
  type: EventType;
  aggregate_type: string;
  aggregate_id: string;
  payload: string | Record<string, unknown>;
  created_at: Date;
}

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

// The row was written by recordEvent, which checked the payload against its type: read it back as that shape.
export function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: Number(row.id),
    type: row.type,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
    occurredAt: new Date(row.created_at).toISOString(),
  } as DomainEvent;
}

/**
 * Moves committed outbox rows to the `events` queue. `FOR UPDATE SKIP LOCKED` lets several jobs workers
 * relay side by side without taking the same rows; jobId `evt-<id>` makes a repeated relay a no-op, so the
 * only failure mode (added to BullMQ, then the UPDATE lost) cannot produce a second job.
 */
export function createOutboxRelay(opts: OutboxRelayOptions) {
  const intervalMs = opts.intervalMs ?? 100;
  const batchSize = opts.batchSize ?? 500;
  const narrow = opts.filter ?? ((q: Knex.QueryBuilder) => q);

  async function relayOnce(): Promise<number> {
    return opts.knex.transaction(async (trx) => {
      const rows = (await narrow(
        trx<OutboxRow>('outbox_events')
          .select('id', 'type', 'aggregate_type', 'aggregate_id', 'payload', 'created_at')
          .whereNull('published_at')
          .orderBy('id')
          .limit(batchSize)
          .forUpdate()
          .skipLocked(),
      )) as OutboxRow[];
      if (rows.length === 0) return 0;
      await opts.queue.addBulk(
        rows.map((row) => ({ name: row.type, data: toDomainEvent(row), opts: { jobId: eventJobId(row.id), ...KEEP_JOBS } })),
      );
      await trx('outbox_events').whereIn('id', rows.map((r) => r.id)).update({ published_at: trx.fn.now(3) });
      return rows.length;
    });
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
