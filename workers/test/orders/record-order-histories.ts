// Records real order-workflow histories as replay fixtures (workflows/test/fixtures/*.json).
// Re-run after an intended, versioned workflow change:  npx tsx workers/test/orders/record-order-histories.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers, startOrder, startOrderWorker } from './order-fixtures';

async function main() {
  const services = await connectTestServices();
  const { knex, redis, logger, config } = services;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `record-orders-${uniqueSuffix()}`;
  const worker = await startOrderWorker({ knex, redis, logger, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, taskQueue);
  const drops: number[] = [];
  try {
    for (const [name, price] of [['order-confirmed', 5_000], ['order-declined', 10_002]] as const) {
      const { dropId } = await insertLiveDrop(knex, redis, { stock: 1, priceMinor: price });
      drops.push(dropId);
      const [userId] = await insertShoppers(knex, 1);
      const order = await insertOrder(knex, { userId: userId!, dropId, amountMinor: price });
      await startOrder(client, taskQueue, order.workflowId, order.input);
      const handle = client.workflow.getHandle(order.workflowId);
      console.log(name, await handle.result());
      // The CLI writes the canonical proto JSON that Worker.runReplayHistory reads.
      const json = execFileSync(join(__dirname, '../../../.tools/venv/bin/temporal'), [
        'workflow', 'show', '--address', config.TEMPORAL_ADDRESS, '-w', order.workflowId, '-o', 'json',
      ]);
      writeFileSync(join(__dirname, '../../../workflows/test/fixtures', `${name}-history.json`), json);
    }
  } finally {
    await worker.stop();
    await deleteDropKeys(redis, drops);
    await connection.close();
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
