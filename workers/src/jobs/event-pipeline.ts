import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUES, type Knex, type Logger, type Redis } from '@livedrop/common';
import { createCacheInvalidation } from './events/cache-invalidation';
import { startEventsWorker, type EventConsumer } from './events/events-worker';
import { createDropStartedTrigger } from './notifications/drop-started-trigger';
import { startNotificationsWorker } from './notifications/notifications-worker';
import { createOutboxRelay, type OutboxRelayOptions } from './outbox-relay';

export interface EventPipelineDeps {
  connection: ConnectionOptions;
  knex: Knex;
  redis: Redis;
  logger: Logger;
  stockLowThreshold: number;
  /** BullMQ key prefix; tests use their own so parallel files never share queues. */
  prefix?: string;
  relayFilter?: OutboxRelayOptions['filter'];
  relayIntervalMs?: number;
  fanoutBatchSize?: number;
  /** More consumers of domain events (other areas add theirs here). */
  extraConsumers?: EventConsumer[];
}

/**
 * outbox → relay → `events` queue → consumers (cache invalidation, drop-started trigger) →
 * `notifications` queue → fan-out pages → pushToUser → every gateway's sockets.
 */
export async function startEventPipeline(deps: EventPipelineDeps) {
  const { connection, prefix } = deps;
  const eventsQueue = new Queue(QUEUES.events, { connection, prefix });
  const notificationsQueue = new Queue(QUEUES.notifications, { connection, prefix });
  const relay = createOutboxRelay({
    knex: deps.knex, queue: eventsQueue, logger: deps.logger, filter: deps.relayFilter, intervalMs: deps.relayIntervalMs,
  });
  const eventsWorker = startEventsWorker({
    connection, prefix, logger: deps.logger,
    consumers: [
      createCacheInvalidation({ knex: deps.knex, redis: deps.redis }),
      createDropStartedTrigger({ knex: deps.knex, notifications: notificationsQueue, batchSize: deps.fanoutBatchSize }),
      ...(deps.extraConsumers ?? []),
    ],
  });
  const notificationsWorker = await startNotificationsWorker({
    connection, prefix, queue: notificationsQueue, knex: deps.knex, redis: deps.redis, logger: deps.logger,
    stockLowThreshold: deps.stockLowThreshold,
  });
  relay.start();
  return {
    relay,
    eventsQueue,
    notificationsQueue,
    isRunning: () => eventsWorker.isRunning() && notificationsWorker.isRunning(),
    async close() {
      await relay.stop();
      await Promise.all([eventsWorker.close(), notificationsWorker.close()]);
      await Promise.all([eventsQueue.close(), notificationsQueue.close()]);
    },
  };
}

export type EventPipeline = Awaited<ReturnType<typeof startEventPipeline>>;
