import type { Knex } from 'knex';
import type { EventType } from '../domain/events';

/*
 * Domain events travel through the transactional outbox: written in the same MySQL transaction as the
 * change, then relayed to the BullMQ `events` queue (jobId = `evt-<id>`, so a re-relay is dropped).
 * Consumers are idempotent: delivery is at-least-once. Names and payloads: common/src/domain/events.ts.
 */

export interface DomainEvent {
  id: number;
  type: EventType;
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: string;
}

// Payloads stay loosely typed here: consumers look up what a payload leaves out, and tests write partial
// ones on purpose. EventPayloads names what the producers in src/ write.
export async function recordEvent(
  trx: Knex | Knex.Transaction,
  event: { type: EventType; aggregateType: string; aggregateId: string | number; payload: Record<string, unknown> },
): Promise<number> {
  const [id] = await trx('outbox_events').insert({
    type: event.type,
    aggregate_type: event.aggregateType,
    aggregate_id: String(event.aggregateId),
    payload: JSON.stringify(event.payload),
  });
  return Number(id);
}

/** Several events in one statement (a group commit's sales); same rows as recordEvent, in order. */
export async function recordEvents(
  trx: Knex | Knex.Transaction,
  events: { type: EventType; aggregateType: string; aggregateId: string | number; payload: Record<string, unknown> }[],
): Promise<void> {
  if (events.length === 0) return;
  await trx('outbox_events').insert(events.map((event) => ({
    type: event.type,
    aggregate_type: event.aggregateType,
    aggregate_id: String(event.aggregateId),
    payload: JSON.stringify(event.payload),
  })));
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
