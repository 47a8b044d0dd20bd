// Order pipeline benchmark: real Temporal (local dev server), MariaDB and Redis, an in-process worker on its
// own task queue. Prints confirmed orders/s end to end, accepted (reservation held) and confirmed latency
// percentiles, then audits the run: sold ≤ stock and exactly one succeeded payment per confirmed order.
//   npx tsx workers/bench/order-bench.ts [orders=600] [stock=500] [concurrency=64]
import { Client, Connection } from '@temporalio/client';
import { createKnex } from '@livedrop/common';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';
import type { OrderResult } from '@livedrop/workflows';
import { createInventory } from '../src/inventory';
import {
  deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers, mapLimited, startOrder, startOrderWorker,
} from '../test/orders/order-fixtures';

const [orders = 600, stock = 500, concurrency = 64] = process.argv.slice(2).map(Number);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1) : 'n/a';
};

async function main() {
  const services = await connectTestServices();
  const { redis, logger, config } = services;
  const knex = createKnex(config.MYSQL_URL, 20); // the test helper's pool of 5 would be the bottleneck
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `bench-orders-${uniqueSuffix()}`;
  const worker = await startOrderWorker(
    { knex, redis, logger, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE }, taskQueue,
    { latencyMs: config.PAYMENT_LATENCY_MS, declineRate: 0 },
  );
  const { dropId, priceMinor } = await insertLiveDrop(knex, redis, { stock });
  try {
    const shoppers = await insertShoppers(knex, orders);
    const prepared = await mapLimited(shoppers, 20, (userId) => insertOrder(knex, { userId, dropId, amountMinor: priceMinor }));
    const accepted: number[] = [];
    const confirmed: number[] = [];
    const results: OrderResult[] = [];
    const t0 = performance.now();
    await mapLimited(prepared, concurrency, async (o) => {
      const start = performance.now();
      const outcome = await startOrder(client, taskQueue, o.workflowId, o.input);
      if (outcome.status === 'reserved') accepted.push(performance.now() - start);
      const result = (await client.workflow.getHandle(o.workflowId).result()) as OrderResult;
      results.push(result);
      if (result.status === 'confirmed') confirmed.push(performance.now() - start);
    });
    const seconds = (performance.now() - t0) / 1000;

    const snap = await createInventory(redis).snapshot(dropId);
    const ids = prepared.map((o) => o.input.orderId);
    const succeeded = await knex('payments').whereIn('order_id', ids).where({ status: 'succeeded' }).select('order_id', 'attempts');
    const confirmedRows = await knex('orders').where({ drop_id: dropId, status: 'confirmed' }).count({ n: '*' }).first();
    const soldMysql = Number(confirmedRows?.n ?? 0);
    const onePaymentEach = succeeded.length === soldMysql && succeeded.every((p: { attempts: number }) => p.attempts === 1);
    const result = {
      orders, stock, concurrency, paymentLatencyMs: config.PAYMENT_LATENCY_MS, seconds: Number(seconds.toFixed(2)),
      confirmedPerSecond: Number((confirmed.length / seconds).toFixed(1)),
      acceptedMs: { p50: pct(accepted, 50), p95: pct(accepted, 95), p99: pct(accepted, 99) },
      confirmedMs: { p50: pct(confirmed, 50), p95: pct(confirmed, 95), p99: pct(confirmed, 99) },
      outcomes: results.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.reason ?? r.status]: (acc[r.reason ?? r.status] ?? 0) + 1 }), {}),
      audit: {
        soldRedis: snap.sold, soldMysql, stock, oversold: Math.max(0, soldMysql - stock),
        redisEqualsMysql: snap.sold === soldMysql && snap.stock === stock - soldMysql,
        payments: succeeded.length, onePaymentPerConfirmedOrder: onePaymentEach,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    // Machine-readable last line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'orders', ...result })}`);
  } finally {
    await worker.stop();
    await deleteDropKeys(redis, [dropId]);
    await connection.close();
    await knex.destroy();
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
