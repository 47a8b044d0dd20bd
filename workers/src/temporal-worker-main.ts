// Composition root of the Temporal worker process: runs every workflow and activity on TASK_QUEUE.
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  closeServer, createLogger, createMetrics, exitOnBootFailure, loadConfigOrExit, registerShutdown, startOpsServer,
} from '@livedrop/common';
import { TASK_QUEUE, workflowsPath } from '@livedrop/workflows';
import { createActivities } from './activities';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'temporal-worker');
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: TASK_QUEUE,
    workflowsPath,
    activities: createActivities({ service: 'temporal-worker' }),
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
    { name: 'temporal-connection', close: () => connection.close() },
    { name: 'worker', close: async () => { worker.shutdown(); await running; } },
    { name: 'ops-server', close: () => closeServer(server) },
  ], () => { health.shuttingDown = true; });
  logger.info({ taskQueue: TASK_QUEUE, address: config.TEMPORAL_ADDRESS }, 'temporal worker running');
  await running;
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'temporal-worker'), 'temporal-worker'));
