import type { Knex } from 'knex';
import type { EventPayloads, EventType } from '../domain/events';

/*
 * Domain events travel through the transactional outbox: written in the same MySQL transaction as the
 * change, then relayed to the BullMQ `events` queue (jobId = `evt-<id>`, so a re-relay is dropped).
 * Consumers are idempotent: delivery is at-least-once. Names and payloads: common/src/domain/events.ts.
 */

/** One outbox event as its producer writes it: the payload is the one EventPayloads names for its type. */
export type NewDomainEvent = {
  [T in EventType]: { type: T; aggregateType: string; aggregateId: string | number; payload: EventPayloads[T] };
}[EventType];

/**
 * An event as a consumer receives it; narrowing on `type` gives the payload its shape. Delivery is JSON
 * through BullMQ, so a consumer still treats a field its producer may have left out (older rows) with care.
 */
export type DomainEvent = {
  [T in EventType]: { id: number; type: T; aggregateType: string; aggregateId: string; payload: EventPayloads[T]; occurredAt: string };
}[EventType];

/** The event of one type (for consumers registered per type). */
export type DomainEventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

const outboxRow = (event: NewDomainEvent) => ({
  type: event.type,
  aggregate_type: event.aggregateType,
  aggregate_id: String(event.aggregateId),
  payload: JSON.stringify(event.payload),
});

export async function recordEvent(trx: Knex | Knex.Transaction, event: NewDomainEvent): Promise<number> {
  const [id] = await trx('outbox_events').insert(outboxRow(event));
  return Number(id);
}

/** Several events in one statement (a group commit's sales); same rows as recordEvent, in order. */
export async function recordEvents(trx: Knex | Knex.Transaction, events: NewDomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx('outbox_events').insert(events.map(outboxRow));
}

interface OutboxRow {
  id: number;
  type: EventType;
  aggregate_type: string;
  aggregate_id: string;
  payload: string | Record<string, unknown>;
  created_at: Date;
}

// The row was written by recordEvent, which checked the payload against its type: read it back as that shape.
const toDomainEvent = (row: OutboxRow): DomainEvent => ({
  id: Number(row.id),
  type: row.type,
  aggregateType: row.aggregate_type,
  aggregateId: row.aggregate_id,
  payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as Record<string, unknown>) : row.payload,
  occurredAt: new Date(row.created_at).toISOString(),
}) as DomainEvent;

/**
 * Up to `limit` unpublished events, oldest first, locked for the transaction with `FOR UPDATE SKIP LOCKED`:
 * several relays take disjoint rows side by side. `narrow` adds conditions (tests share one database).
 */
export async function takeUnpublishedEvents(
  trx: Knex.Transaction, limit: number, narrow: (query: Knex.QueryBuilder) => Knex.QueryBuilder = (q) => q,
): Promise<DomainEvent[]> {
  const rows = (await narrow(
    trx<OutboxRow>('outbox_events')
      .select('id', 'type', 'aggregate_type', 'aggregate_id', 'payload', 'created_at')
      .whereNull('published_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked(),
  )) as OutboxRow[];
  return rows.map(toDomainEvent);
}

export async function markEventsPublished(trx: Knex.Transaction, ids: number[]): Promise<void> {
  await trx('outbox_events').whereIn('id', ids).update({ published_at: trx.fn.now(3) });
}

/** BullMQ queue names, shared by producers and the jobs worker. */
export const QUEUES = {
  events: 'events',
  notifications: 'notifications',
  reconciliation: 'reconciliation',
  media: 'media',
} as const;

/**
 * BullMQ needs its own ioredis connections; options come from the same REDIS_URL. Taken apart by
 * hand, so `rediss://` must turn into ioredis' `tls` option here or BullMQ would talk plain text
 * to a TLS-only server.
 */
export function bullConnection(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    maxRetriesPerRequest: null, // required by BullMQ workers
    ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
  };
}
