// Composition root of the BullMQ jobs process (notifications fan-out, reconciliation, outbox relay, media).
import { Client, Connection } from '@temporalio/client';
import {
  bullConnection, closeRedis, closeServer, createKnex, createMediaStorage, createLogger, createMetrics, createRedis, exitOnBootFailure,
  loadConfigOrExit, registerShutdown, startOpsServer,
} from '@livedrop/common';
import { startEventPipeline } from './jobs/event-pipeline';
import { startQueues } from './jobs/queues';
import { createSandboxPaymentProvider } from './payments';
import { detectFrameGrabber, startMediaJobs } from './jobs/media';
import { startOrderSagaSweep } from './jobs/order-saga-sweep';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'jobs-worker');
  const redis = await createRedis(config.REDIS_URL, logger, 'jobs-worker');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX, config.MYSQL_POOL_MIN);
  // The same provider the order workflows charge through: reconciliation refunds charges without a sale.
  const payments = createSandboxPaymentProvider(knex, {
    latencyMs: config.PAYMENT_LATENCY_MS, declineRate: config.PAYMENT_DECLINE_RATE, declineAmountSuffix: config.PAYMENT_DECLINE_AMOUNT_SUFFIX,
  });
  const queues = startQueues({
    redisUrl: config.REDIS_URL, logger, knex, redis, payments, reconcileIntervalMs: config.RECONCILE_INTERVAL_MS,
  });
  // Orders accepted without a saga (their gateway stopped, Temporal refused the start) get one.
  const temporalConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const sweep = startOrderSagaSweep({
    knex, logger, temporal: new Client({ connection: temporalConnection, namespace: config.TEMPORAL_NAMESPACE }),
    taskQueue: config.TEMPORAL_TASK_QUEUE, intervalMs: config.ORDER_SWEEP_INTERVAL_MS, afterMs: config.ORDER_SWEEP_AFTER_MS,
    paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
  });
  const storage = await createMediaStorage(config);
  const frameGrabber = await detectFrameGrabber(config.MEDIA_FFMPEG_PATH);
  logger.info({ storage: storage.driver, posterFrames: frameGrabber ? 'ffmpeg' : 'none (creator-chosen images)' }, 'media processing');
  const media = startMediaJobs({
    connection: bullConnection(config.REDIS_URL), knex, storage, logger, frameGrabber,
    widths: config.MEDIA_IMAGE_WIDTHS, maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS,
    graceS: config.MEDIA_GC_GRACE_S, gcIntervalMs: config.MEDIA_GC_INTERVAL_MS,
  });
  // Outbox relay + event consumers + notification fan-out.
  const pipeline = await startEventPipeline({
    connection: bullConnection(config.REDIS_URL), knex, redis, logger, stockLowThreshold: config.STOCK_LOW_THRESHOLD,
    extraConsumers: [media.trigger],
  });
  const health = { shuttingDown: false };
  const { server } = await startOpsServer({
    logger, metrics: createMetrics('jobs-worker'), health, host: config.HOST,
    port: config.JOBS_WORKER_PORT, portKey: 'JOBS_WORKER_PORT',
    checks: {
      redis: () => redis.ping(),
      mysql: () => knex.raw('select 1'),
      queues: async () => { if (!queues.isRunning() || !media.isRunning()) throw new Error('workers not running'); },
      eventPipeline: async () => { if (!pipeline.isRunning()) throw new Error('event pipeline not running'); },
    },
  });
  registerShutdown(logger, [
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'queues', close: () => queues.close() },
    { name: 'temporal-connection', close: () => temporalConnection.close() },
    { name: 'order-saga-sweep', close: () => sweep.close() },
    { name: 'event-pipeline', close: () => pipeline.close() },
    { name: 'media', close: () => media.close() },
    { name: 'media-storage', close: async () => storage.close() },
    { name: 'ops-server', close: () => closeServer(server) },
  ], () => { health.shuttingDown = true; });
  logger.info('jobs worker running');
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'jobs-worker'), 'jobs-worker'));
