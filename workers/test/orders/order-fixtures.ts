// Rows, workers and starts that order tests need, straight against livedrop_test, Redis and Temporal.
import { createHash, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { dropKeys, type Knex, type Logger, type Redis, inventoryKeys } from '@livedrop/common';
import {
  orderReservationUpdate, workflowIds, workflowsPath, type OrderWorkflowInput, type ReservationOutcome,
} from '@livedrop/workflows';
import { createActivities } from '../../src/activities';
import { createInventory } from '../../src/inventory';
import { createSandboxPaymentProvider, type PaymentProvider, type SandboxOptions } from '../../src/payments';
import { uniqueSuffix } from '../../../test/support/test-env';

export async function insertShoppers(knex: Knex, count: number): Promise<number[]> {
  const suffix = uniqueSuffix();
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `order-shopper-${suffix}-${i}@test.livedrop.dev`, password_hash: 'x', display_name: `Shopper ${i}`, role: 'shopper',
  }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await knex('users').insert(batch);
    ids.push(...(await knex('users').whereIn('email', batch.map((r) => r.email)).orderBy('id').pluck('id')).map(Number));
  }
  return ids;
}

/** A live drop with its Redis inventory initialised. */
export async function insertLiveDrop(
  knex: Knex, redis: Redis, opts: { stock: number; perUserLimit?: number; priceMinor?: number },
): Promise<{ dropId: number; priceMinor: number }> {
  const [creatorId] = await knex('users').insert({
    email: `order-creator-${uniqueSuffix()}@test.livedrop.dev`, password_hash: 'x', display_name: 'Creator', role: 'creator',
  });
  const priceMinor = opts.priceMinor ?? 5_000;
  const [productId] = await knex('products').insert({
    creator_id: creatorId, title: 'Tee', description: 'limited', price_minor: priceMinor, currency: 'EUR', media_urls: '[]',
  });
  const now = Date.now();
  const [dropId] = await knex('drops').insert({
    product_id: productId, creator_id: creatorId, prequeue_opens_at: new Date(now - 60_000), starts_at: new Date(now - 1000),
    ends_at: new Date(now + 3600_000), total_stock: opts.stock, per_user_limit: opts.perUserLimit ?? 1, status: 'live',
    seed_hash: createHash('sha256').update(String(now)).digest('hex'),
  });
  await createInventory(redis).initialise(Number(dropId), { total: opts.stock, sold: 0 });
  return { dropId: Number(dropId), priceMinor };
}

export async function deleteDropKeys(redis: Redis, dropIds: number[]) {
  for (const id of dropIds) {
    const k = { ...dropKeys(id), ...inventoryKeys(id) };
    await redis.del([k.stock, k.inventoryMeta, k.reservations, k.reservationExpiry, k.userPurchases, k.ordersInflight, k.ordersLatency, k.ordersConfirmed]);
  }
}

export const keyHash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** Inserts the pending orders row the gateway would insert, and returns the workflow input for it. */
export async function insertOrder(
  knex: Knex,
  o: { userId: number; dropId: number; quantity?: number; amountMinor: number; perUserLimit?: number; paymentTimeoutMs?: number },
): Promise<{ input: OrderWorkflowInput; workflowId: string }> {
  const key = `key-${randomUUID()}`;
  const orderId = randomUUID();
  const workflowId = workflowIds.order(o.userId, keyHash(key));
  const quantity = o.quantity ?? 1;
  await knex('orders').insert({
    id: orderId, user_id: o.userId, drop_id: o.dropId, idempotency_key: key, quantity,
    amount_minor: o.amountMinor * quantity, currency: 'EUR', status: 'pending', workflow_id: workflowId,
    saga_id: workflowId, // run by its own one-order workflow (startOrder), which the sweep leaves alone
  });
  return {
    workflowId,
    input: {
      orderId, userId: o.userId, dropId: o.dropId, quantity, amountMinor: o.amountMinor * quantity, currency: 'EUR',
      perUserLimit: o.perUserLimit ?? 1, paymentTimeoutMs: o.paymentTimeoutMs ?? 10_000,
    },
  };
}

/** Update-with-start, as the order endpoint does it: answers once the reservation is held or refused. */
export function startOrder(client: Client, taskQueue: string, workflowId: string, input: OrderWorkflowInput): Promise<ReservationOutcome> {
  return client.workflow.executeUpdateWithStart(orderReservationUpdate, {
    startWorkflowOperation: new WithStartWorkflowOperation('orderWorkflow', {
      workflowId, taskQueue, args: [input], workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }),
  });
}

export async function startOrderWorker(
  deps: { knex: Knex; redis: Redis; logger: Logger; address: string; namespace: string },
  taskQueue: string,
  payment: Partial<SandboxOptions> = {},
  /** Wraps the sandbox provider to inject a fault (a charge whose answer is lost, a slow refund, …). */
  wrapProvider: (provider: PaymentProvider) => PaymentProvider = (provider) => provider,
) {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: deps.address });
  const worker = await Worker.create({
    connection, namespace: deps.namespace, taskQueue, workflowsPath,
    stickyQueueScheduleToStartTimeout: '1 second', // a restarted worker picks up the workflows quickly
    activities: createActivities({
      service: 'test', knex: deps.knex, redis: deps.redis, logger: deps.logger,
      payments: wrapProvider(createSandboxPaymentProvider(deps.knex, { latencyMs: 5, declineRate: 0, declineAmountSuffix: '0002', ...payment })),
    }),
  });
  const running = worker.run();
  return {
    worker,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/** Runs `fn` over `items` with at most `limit` in flight (so a burst does not exceed the server's deadlines). */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

let runtimeInstalled = false;
/** Worker logs only warnings in tests (the SDK default prints every state change). */
function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // already installed by another helper in this process
  }
}
