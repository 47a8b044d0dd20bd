// The order bench's Temporal worker, in its own process so its CPU is measured apart from the gateway's:
// the order sagas on argv[2]'s task queue (the real bundle and activities) and the floor workflow on argv[3].
// Prints READY once polling; stops when the parent sends 'stop' (the SDK's runtime handles SIGTERM itself).
import { NativeConnection, Worker } from '@temporalio/worker';
import { createKnex } from '@livedrop/common';
import { connectTestServices } from '../../test/support/test-env';
import { startOrderWorker } from '../test/orders/order-fixtures';

async function main() {
  const [taskQueue, floorQueue] = process.argv.slice(2) as [string, string];
  const services = await connectTestServices();
  const { redis, logger, config } = services;
  const knex = createKnex(config.MYSQL_URL, 20);
  const orders = await startOrderWorker(
    { knex, redis, logger, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, taskQueue,
    { latencyMs: config.PAYMENT_LATENCY_MS, declineRate: 0 },
  );
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const floor = await Worker.create({
    connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: floorQueue,
    workflowsPath: require.resolve('./floor-workflow'), activities: { noop: async () => undefined },
  });
  const floorRun = floor.run();
  console.log('READY');
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  if (floor.getState() === 'RUNNING') floor.shutdown();
  await floorRun;
  await orders.stop();
  await connection.close();
  await knex.destroy();
  await services.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
