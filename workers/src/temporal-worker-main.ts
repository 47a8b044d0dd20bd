// Composition root of the Temporal worker process: runs every workflow and activity on TASK_QUEUE.
import { Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  closeRedis, closeServer, createKnex, createLogger, createMetrics, createRedis, exitOnBootFailure, loadConfigOrExit,
  registerShutdown, startOpsServer,
} from '@livedrop/common';
import { workflowCode } from '@livedrop/workflows';
import { createActivities } from './activities';
import { createSandboxPaymentProvider } from './payments';
import { ensureOrderSearchAttribute } from './temporal/order-search-attribute';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'temporal-worker');
  const redis = await createRedis(config.REDIS_URL, logger, 'temporal-worker');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX, config.MYSQL_POOL_MIN);
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  // Order sagas carry their order ids (the Temporal UI finds an order's saga by them): the namespace must know the attribute.
  const admin = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  await ensureOrderSearchAttribute(admin, config.TEMPORAL_NAMESPACE).finally(() => admin.close());
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowCode(),
    activities: createActivities({
      service: 'temporal-worker', knex, redis, logger,
      payments: createSandboxPaymentProvider(knex, {
        latencyMs: config.PAYMENT_LATENCY_MS, declineRate: config.PAYMENT_DECLINE_RATE,
        declineAmountSuffix: config.PAYMENT_DECLINE_AMOUNT_SUFFIX,
      }),
    }),
  });
  const health = { shuttingDown: false };
  const { server } = await startOpsServer({
    logger, metrics: createMetrics('temporal-worker'), health, host: config.HOST,
    port: config.TEMPORAL_WORKER_PORT, portKey: 'TEMPORAL_WORKER_PORT',
    checks: {
      worker: async () => {
        if (worker.getState() !== 'RUNNING') throw new Error(`worker is ${worker.getState()}`);
      },
    },
  });
  const running = worker.run();
  registerShutdown(logger, [
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'temporal-connection', close: () => connection.close() },
    { name: 'worker', close: async () => { worker.shutdown(); await running; } },
    { name: 'ops-server', close: () => closeServer(server) },
  ], () => { health.shuttingDown = true; });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'temporal worker running');
  await running;
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'temporal-worker'), 'temporal-worker'));
