// Records real order-workflow histories as replay fixtures (workflows/test/fixtures/*-history.json).
// Record only what a versioned change added; older fixtures stay as recorded, so replay keeps proving that
// orders started before the change still run:
//   npx tsx workers/test/orders/record-order-histories.ts order-patched-confirmed order-patched-timeout-voided
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { PaymentProvider, SandboxOptions } from '../../src/payments';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers, startOrder, startOrderWorker } from './order-fixtures';

interface Case { price: number; paymentTimeoutMs?: number; sandbox?: Partial<SandboxOptions>; wrap?: (p: PaymentProvider) => PaymentProvider }

/** Every case this script knows; the first two were recorded before the refund-unsold-charges patch. */
const CASES: Record<string, Case> = {
  'order-confirmed': { price: 5_000 },
  'order-declined': { price: 10_002 },
  // Since REFUND_UNSOLD_PATCH: a sale (marker, refund compensation registered) ...
  'order-patched-confirmed': { price: 5_000 },
  // ... and a payment that times out: the provider is asked, nothing was charged, the key is voided, expired.
  'order-patched-timeout-voided': { price: 5_000, paymentTimeoutMs: 600, sandbox: { latencyMs: 3_000 } },
};

async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !CASES[n]);
  if (names.length === 0 || unknown.length) throw new Error(`name cases to record (${Object.keys(CASES).join(', ')}); unknown: ${unknown.join(', ')}`);
  const services = await connectTestServices();
  const { knex, redis, logger, config } = services;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const drops: number[] = [];
  try {
    for (const name of names) {
      const c = CASES[name]!;
      const taskQueue = `record-orders-${uniqueSuffix()}`;
      const worker = await startOrderWorker(
        { knex, redis, logger, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, taskQueue, c.sandbox, c.wrap,
      );
      try {
        const { dropId } = await insertLiveDrop(knex, redis, { stock: 1, priceMinor: c.price });
        drops.push(dropId);
        const [userId] = await insertShoppers(knex, 1);
        const order = await insertOrder(knex, { userId: userId!, dropId, amountMinor: c.price, paymentTimeoutMs: c.paymentTimeoutMs });
        await startOrder(client, taskQueue, order.workflowId, order.input);
        console.log(name, await client.workflow.getHandle(order.workflowId).result());
        // The CLI writes the canonical proto JSON that Worker.runReplayHistory reads.
        const json = execFileSync(join(__dirname, '../../../.tools/venv/bin/temporal'), [
          'workflow', 'show', '--address', config.TEMPORAL_ADDRESS, '--namespace', config.TEMPORAL_NAMESPACE,
          '-w', order.workflowId, '-o', 'json',
        ]);
        writeFileSync(join(__dirname, '../../../workflows/test/fixtures', `${name}-history.json`), json);
      } finally {
        await worker.stop();
      }
    }
  } finally {
    await deleteDropKeys(redis, drops);
    await connection.close();
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
