// Order pipeline benchmark, the way production runs it: the gateway's accept path (placeOrder: admission token
// burned, row written, units held by the reserve Lua, answered "reserved") in this process, the group-commit
// sagas on a Temporal worker in a child process (workers/bench/bench-worker.ts), the local Temporal server,
// MariaDB and Redis. Prints confirmed orders/s, accepted and confirmed latency percentiles, the Temporal floor
// measured in the same run (a trivial workflow with one local activity started the same way, same concurrency)
// and the ratio, history events and workflow tasks per order, CPU ms per order for every process, and an audit.
//   npx tsx gateway/bench/order-pipeline-bench.ts [orders=600] [stock=500] [concurrency=64] [rate=150]
// rate: orders offered per second (open loop, as shoppers arrive; at most `concurrency` in flight); 0 = as fast as
// `concurrency` allows (closed loop: the accepted latency then measures the queue the bench itself builds).
import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createKnex, FINAL_ORDER_STATUSES } from '@livedrop/common';
import { createAdmissionTokens } from '@livedrop/waiting-room';
import { createInventory, rebuildInventoryFromMysql } from '@livedrop/workers';
import { connectTestServices, testLogger, uniqueSuffix } from '../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertShoppers, mapLimited } from '../../workers/test/orders/order-fixtures';
import { createOrdersRepo } from '../src/orders/orders-repo';
import { createOrderSagaStarter } from '../src/orders/order-saga-starter';
import { placeOrder } from '../src/orders/place-order';
import { workerNice } from '../../scripts/processes';

const [orders = 600, stock = 500, concurrency = 64, rate = 150] = process.argv.slice(2).map(Number);
const WORKFLOW_TASK_COMPLETED = 7; // temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Number(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1)) : undefined;
};

/** utime + stime of a process in ms (Linux /proc; clock ticks are 100/s on every Linux we run). */
function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}
/** The oldest process whose command line matches (the shared servers); undefined when not found. */
function pidOf(pattern: string): number | undefined {
  try {
    return Number(execFileSync('pgrep', ['-o', '-f', pattern], { encoding: 'utf8' }).trim().split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const services = await connectTestServices();
  const { redis, config } = services;
  const knex = createKnex(config.MYSQL_URL, 20);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const taskQueue = `bench-order-sagas-${uniqueSuffix()}`;
  const floorQueue = `bench-floor-${uniqueSuffix()}`;
  const child = fork(join(__dirname, '../../workers/bench/bench-worker.ts'), [taskQueue, floorQueue], {
    execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // Like scripts/run-all.ts: the sagas run behind the accept path (LIVEDROP_WORKER_NICE, 10; 0 = same priority).
  const nice = workerNice();
  if (nice > 0) setPriority(child.pid!, nice);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('READY')) resolve(); });
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
  });

  const sagaIds: string[] = [];
  const recording = { workflow: { start: (type: string, options: Parameters<Client['workflow']['start']>[1]) => {
    sagaIds.push(options.workflowId);
    return client.workflow.start(type, options);
  } } };
  const orderRepo = createOrdersRepo(knex);
  const sagas = createOrderSagaStarter({
    temporal: recording as never, taskQueue, logger: testLogger(), windowMs: config.ORDER_BATCH_WINDOW_MS, maxBatch: config.ORDER_BATCH_MAX,
    markStarted: (ids, sagaId) => orderRepo.markSagaStarted(ids, sagaId),
  });
  const admission = createAdmissionTokens(config.ADMISSION_TOKEN_SECRET);
  const inventory = createInventory(redis);
  const deps = {
    orders: orderRepo, redis, inventory, sagas, admissionTokens: admission, paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS,
    rebuildInventory: (id: number) => rebuildInventoryFromMysql(knex, inventory, id),
  };
  const { dropId } = await insertLiveDrop(knex, redis, { stock });
  const pids = {
    gateway: process.pid, worker: child.pid, temporal: pidOf('temporal server start-dev'), mysql: pidOf('mariadbd'), redis: pidOf('redis-server'),
  };
  try {
    const shoppers = await insertShoppers(knex, orders);
    const tokens = await Promise.all(shoppers.map((userId, i) => admission.issue({ userId, dropId, ticket: i + 1, ttlSeconds: 600 })));

    // The floor first: a trivial workflow with one local activity, started and awaited the same way.
    const floorCount = Math.min(orders, 400);
    const f0 = performance.now();
    await mapLimited(Array.from({ length: floorCount }, (_, i) => i), concurrency, async (i) => {
      const h = await client.workflow.start('floorWorkflow', { taskQueue: floorQueue, workflowId: `${floorQueue}-${i}` });
      await h.result();
    });
    const floorPerSecond = floorCount / ((performance.now() - f0) / 1000);

    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
    const accepted: number[] = [];
    const startedAt = new Map<string, number>();
    const refused: Record<string, number> = {};
    const t0 = performance.now();
    const wall0 = Date.now();
    await mapLimited(shoppers.map((userId, i) => ({ userId, token: tokens[i]!, i })), concurrency, async ({ userId, token, i }) => {
      const due = rate > 0 ? t0 + (i * 1000) / rate : 0;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const start = performance.now();
      const startWall = Date.now();
      try {
        const placed = await placeOrder(deps, { userId, dropId, quantity: 1, admissionToken: token, idempotencyKey: `bench-${userId}-${uniqueSuffix()}` });
        accepted.push(performance.now() - start);
        startedAt.set(placed.orderId, startWall);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'error';
        refused[code] = (refused[code] ?? 0) + 1;
      }
    });
    await sagas.flush();
    // Every accepted order reaches a final status; its updated_at is when its saga decided it.
    let rows: { id: string; status: string; updated_at: Date }[] = [];
    for (let i = 0; i < 1200; i++) {
      rows = await knex('orders').where({ drop_id: dropId }).select('id', 'status', 'updated_at');
      if (rows.filter((r) => startedAt.has(r.id) && (FINAL_ORDER_STATUSES as readonly string[]).includes(r.status)).length >= startedAt.size) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const lastDecided = Math.max(...rows.map((r) => new Date(r.updated_at).getTime()));
    const seconds = (Math.max(lastDecided, wall0 + (performance.now() - t0)) - wall0) / 1000;
    const cpu1 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
    const confirmedRows = rows.filter((r) => r.status === 'confirmed');
    const confirmed = confirmedRows.map((r) => new Date(r.updated_at).getTime() - (startedAt.get(r.id) ?? wall0));
    const confirmedPerSecond = confirmedRows.length / seconds;

    // History events and workflow tasks of the sagas that ran these orders.
    let events = 0;
    let workflowTasks = 0;
    for (const id of [...new Set(sagaIds)]) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      events += history.events?.length ?? 0;
      workflowTasks += history.events?.filter((e) => Number(e.eventType) === WORKFLOW_TASK_COMPLETED).length ?? 0;
    }
    const perOrder = (n: number) => Number((n / Math.max(1, startedAt.size)).toFixed(2));
    const cpuPerOrder = Object.fromEntries(Object.keys(pids).map((k) => {
      const a = cpu0[k];
      const b = cpu1[k];
      return [k, a === undefined || b === undefined ? null : perOrder(b - a)];
    }));

    const snap = await createInventory(redis).snapshot(dropId);
    const ids = [...startedAt.keys()];
    const succeeded = await knex('payments').whereIn('order_id', ids).where({ status: 'succeeded' }).whereNull('refunded_at').select('order_id');
    const soldMysql = confirmedRows.length;
    const result = {
      orders, stock, concurrency, offeredPerSecond: rate, paymentLatencyMs: config.PAYMENT_LATENCY_MS, batchWindowMs: config.ORDER_BATCH_WINDOW_MS,
      seconds: Number(seconds.toFixed(2)), confirmedPerSecond: Number(confirmedPerSecond.toFixed(1)),
      floorPerSecond: Number(floorPerSecond.toFixed(1)), ratioToFloor: Number((confirmedPerSecond / floorPerSecond).toFixed(2)),
      acceptedMs: { p50: pct(accepted, 50), p95: pct(accepted, 95), p99: pct(accepted, 99) },
      confirmedMs: { p50: pct(confirmed, 50), p95: pct(confirmed, 95), p99: pct(confirmed, 99) },
      outcomes: { ...refused, ...rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {}) },
      sagas: new Set(sagaIds).size,
      perOrder: { historyEvents: perOrder(events), workflowTasks: perOrder(workflowTasks), cpuMs: cpuPerOrder },
      audit: {
        soldRedis: snap.sold, soldMysql, stock, oversold: Math.max(0, soldMysql - stock),
        redisEqualsMysql: snap.sold === soldMysql && snap.stock === stock - soldMysql,
        payments: succeeded.length, onePaymentPerConfirmedOrder: succeeded.length === soldMysql,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`RESULT ${JSON.stringify({ name: 'orders', ...result })}`);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
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
