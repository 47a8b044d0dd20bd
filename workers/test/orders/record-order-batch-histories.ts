// Records a real group-commit saga history as a replay fixture (workflows/test/fixtures/order-batch-history.json):
// a batch of three orders, two confirmed and one declined. Re-run after an intended, versioned change:
//   npx tsx workers/test/orders/record-order-batch-histories.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertShoppers, startOrderWorker } from './order-fixtures';
import { acceptOrder, runBatch } from './batch-fixtures';

async function main() {
  const services = await connectTestServices();
  const { knex, redis, logger, config } = services;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `record-order-batch-${uniqueSuffix()}`;
  const worker = await startOrderWorker({ knex, redis, logger, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, taskQueue);
  const { dropId, priceMinor } = await insertLiveDrop(knex, redis, { stock: 3 });
  try {
    const users = await insertShoppers(knex, 3);
    const orders = await Promise.all(users.map((userId, i) =>
      acceptOrder(knex, redis, { userId, dropId, amountMinor: i === 2 ? 10_002 : priceMinor })));
    const { workflowId, result } = await runBatch(client, taskQueue, dropId, orders);
    console.log(workflowId, result);
    // The CLI writes the canonical proto JSON that Worker.runReplayHistory reads.
    const json = execFileSync(join(__dirname, '../../../.tools/venv/bin/temporal'), [
      'workflow', 'show', '--address', config.TEMPORAL_ADDRESS, '--namespace', config.TEMPORAL_NAMESPACE, '-w', workflowId, '-o', 'json',
    ]);
    writeFileSync(join(__dirname, '../../../workflows/test/fixtures', 'order-batch-history.json'), json);
  } finally {
    await worker.stop();
    await deleteDropKeys(redis, [dropId]);
    await connection.close();
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
