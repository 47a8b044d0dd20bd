import { randomUUID } from 'node:crypto';
import { createAdmissionTokens } from '@livedrop/waiting-room';
import { workflowIds } from '@livedrop/workflows';
import { idempotencyKeyHash } from '../../src/orders/idempotency-key';
import { createInventory } from '../../../workers/src/inventory';
import { startOrderSagaSweep } from '../../../workers/src/jobs/order-saga-sweep';
import { deleteDropKeys, insertLiveDrop, startOrderWorker } from '../../../workers/test/orders/order-fixtures';
import { eventually } from '../../../workers/test/drops/drop-fixtures';
import { testLogger, uniqueSuffix } from '../../../test/support/test-env';
import { createOrderSagaStarter, type OrderSagaStarter } from '../../src/orders/order-saga-starter';
import { startGateway, type GatewayHarness } from '../support/gateway-harness';

jest.setTimeout(60_000);

/**
 * The gateway answers "reserved" before any saga starts. A gateway that stops between the hold and the start
 * (simulated: its Temporal start throws) must not leave the units held forever nor lose the order: the jobs
 * worker's sweep starts the saga, which completes the order or gives the units back.
 */
describe('accepted orders whose saga never started (gateway stopped after the hold)', () => {
  let h: GatewayHarness;
  let worker: Awaited<ReturnType<typeof startOrderWorker>>;
  const taskQueue = `test-order-sweep-${uniqueSuffix()}`;
  const dropIds: number[] = [];
  let ticket = 0;
  const failedStarts: string[] = [];
  let sagas: OrderSagaStarter;

  beforeAll(async () => {
    h = await startGateway({
      config: { TEMPORAL_TASK_QUEUE: taskQueue, RATE_LIMIT_WRITES_PER_USER_PER_MIN: '0' },
      extraDeps: {
        orderSagas: sagas = createOrderSagaStarter({
          // The process "dies" at the start: Temporal never hears of the order.
          temporal: { workflow: { start: async (_type: unknown, options: { workflowId: string }) => { failedStarts.push(options.workflowId); throw new Error('gateway stopped'); } } } as never,
          taskQueue, windowMs: 0, maxBatch: 10, logger: testLogger(),
          markStarted: async () => { throw new Error('never reached'); },
        }),
      },
    });
    worker = await startOrderWorker({
      knex: h.knex, redis: h.redis, logger: testLogger(), address: h.config.TEMPORAL_ADDRESS, namespace: h.config.TEMPORAL_NAMESPACE,
    }, taskQueue);
  });

  afterAll(async () => {
    await worker?.stop();
    await deleteDropKeys(h.redis, dropIds);
    await h.close();
  });

  const sweep = () => startOrderSagaSweep({
    knex: h.knex, temporal: h.temporal, taskQueue, logger: testLogger(), intervalMs: 3_600_000, afterMs: 0, paymentTimeoutMs: 10_000,
  });
  const placeOrder = async (dropId: number) => {
    const { user, token } = await h.createUser('shopper');
    const admissionToken = await createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET).issue({ userId: user.id, dropId, ticket: ++ticket, ttlSeconds: 120 });
    const res = await h.request.post(`/v1/drops/${dropId}/orders`).set(h.auth(token)).set('idempotency-key', `sweep-${uniqueSuffix()}`)
      .send({ quantity: 1, admissionToken }).expect(202);
    return res.body.orderId as string;
  };
  const status = async (orderId: string) => (await h.knex('orders').where({ id: orderId }).first()).status as string;

  it('the sweep starts the saga: the order completes, charged once (was: held until reconciliation, never sold)', async () => {
    const { dropId } = await insertLiveDrop(h.knex, h.redis, { stock: 2 });
    dropIds.push(dropId);
    const orderId = await placeOrder(dropId);
    // The start runs after the answer (that is the point): wait for the attempt, not for a lucky schedule.
    await sagas.flush();
    expect(failedStarts.length).toBeGreaterThan(0);
    // Answered and held, but no saga owns it.
    expect(await h.knex('orders').where({ id: orderId }).first('status', 'saga_id')).toEqual({ status: 'reserved', saga_id: null });
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 1, reserved: 1 });

    const s = sweep();
    try {
      expect(await s.sweepOnce()).toBeGreaterThanOrEqual(1);
      await eventually(async () => ((await status(orderId)) === 'confirmed' ? true : undefined));
      // A second sweep finds nothing more to do for it, and starts no second saga.
      await s.sweepOnce();
    } finally {
      await s.close();
    }
    expect(await h.knex('payments').where({ order_id: orderId }).select('status', 'attempts')).toEqual([{ status: 'succeeded', attempts: 1 }]);
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 1, sold: 1, reserved: 0 });
    expect((await h.knex('orders').where({ id: orderId }).first('saga_id')).saga_id).toBe(`order-sweep-${orderId}`);
  });

  it('when the drop was cancelled meanwhile, the swept saga gives the units back and charges nobody', async () => {
    const { dropId } = await insertLiveDrop(h.knex, h.redis, { stock: 2 });
    dropIds.push(dropId);
    const orderId = await placeOrder(dropId);
    await h.knex('drops').where({ id: dropId }).update({ status: 'cancelled' });
    const s = sweep();
    try {
      await s.sweepOnce();
      await eventually(async () => (['reserved', 'pending'].includes(await status(orderId)) ? undefined : true));
    } finally {
      await s.close();
    }
    expect(await h.knex('orders').where({ id: orderId }).first('status', 'failure_reason')).toEqual({ status: 'failed', failure_reason: 'drop_cancelled' });
    expect(await h.knex('payments').where({ order_id: orderId }).whereNull('refunded_at').where({ status: 'succeeded' }).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 2, reserved: 0 });
  });

  it('a gateway that stopped after writing the row but before the hold: the swept saga holds the units and completes the order', async () => {
    const { dropId } = await insertLiveDrop(h.knex, h.redis, { stock: 2 });
    dropIds.push(dropId);
    const { user } = await h.createUser('shopper');
    const orderId = randomUUID();
    const key = `half-${uniqueSuffix()}`;
    await h.knex('orders').insert({
      id: orderId, user_id: user.id, drop_id: dropId, idempotency_key: key, quantity: 1, amount_minor: 5000,
      currency: 'EUR', status: 'pending', workflow_id: workflowIds.order(user.id, idempotencyKeyHash(key)),
    });
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 2, reserved: 0 });
    const s = sweep();
    try {
      await s.sweepOnce();
      await eventually(async () => ((await status(orderId)) === 'confirmed' ? true : undefined));
    } finally {
      await s.close();
    }
    expect(await h.knex('payments').where({ order_id: orderId }).select('status', 'attempts')).toEqual([{ status: 'succeeded', attempts: 1 }]);
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 1, sold: 1, reserved: 0 });
  });
});
