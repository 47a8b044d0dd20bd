import { randomUUID } from 'node:crypto';
import { createAdmissionTokens } from '@livedrop/waiting-room';
import { workflowIds } from '@livedrop/workflows';
import { idempotencyKeyHash } from '../../src/orders/idempotency-key';
import { dropKeys, globalKeys, inventoryKeys } from '@livedrop/common';
import { createInventory } from '../../../workers/src/inventory';
import { createCatalogRepo } from '../../../read-api/src/catalog/catalog-repo';
import { deleteDropKeys, insertLiveDrop, startOrderWorker } from '../../../workers/test/orders/order-fixtures';
import { eventually } from '../../../workers/test/drops/drop-fixtures';
import { testLogger, uniqueSuffix } from '../../../test/support/test-env';
import { startGateway, type GatewayHarness } from '../support/gateway-harness';

jest.setTimeout(60_000);

describe('order routes (gateway → Temporal → Redis/MariaDB)', () => {
  let h: GatewayHarness;
  let worker: Awaited<ReturnType<typeof startOrderWorker>>;
  let admission: ReturnType<typeof createAdmissionTokens>;
  const taskQueue = `test-order-routes-${uniqueSuffix()}`;
  const dropIds: number[] = [];
  let ticket = 0;

  beforeAll(async () => {
    h = await startGateway({ config: { TEMPORAL_TASK_QUEUE: taskQueue, RATE_LIMIT_WRITES_PER_USER_PER_MIN: '0' } });
    worker = await startOrderWorker({
      knex: h.knex, redis: h.redis, logger: testLogger(),
      address: h.config.TEMPORAL_ADDRESS, namespace: h.config.TEMPORAL_NAMESPACE,
    }, taskQueue);
    admission = createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET);
  });

  afterAll(async () => {
    await worker?.stop();
    await deleteDropKeys(h.redis, dropIds);
    await h.close();
  });

  const newDrop = async (stock: number, perUserLimit = 1) => {
    const drop = await insertLiveDrop(h.knex, h.redis, { stock, perUserLimit });
    dropIds.push(drop.dropId);
    return drop.dropId;
  };
  const tokenFor = (userId: number, dropId: number, ttlSeconds = 120) => admission.issue({ userId, dropId, ticket: ++ticket, ttlSeconds });
  const order = (dropId: number, token: string, body: Record<string, unknown>, key?: string) => {
    const req = h.request.post(`/v1/drops/${dropId}/orders`).set(h.auth(token));
    return (key === undefined ? req : req.set('idempotency-key', key)).send(body);
  };
  const orderCount = async (userId: number) =>
    Number((await h.knex('orders').where({ user_id: userId }).count({ n: '*' }).first())?.n);

  it('places an order: 202 once reserved, then confirmed, pushed over the user channel and listed in history', async () => {
    const dropId = await newDrop(3);
    const { user, token } = await h.createUser('shopper');
    const pushes: { type: string; status: string }[] = [];
    const sub = h.redis.duplicate();
    await sub.connect();
    await sub.subscribe(globalKeys.userChannel(user.id), (m) => pushes.push(JSON.parse(m)));
    try {
      const res = await order(dropId, token, { quantity: 1, admissionToken: await tokenFor(user.id, dropId) }, `key-${uniqueSuffix()}`).expect(202);
      expect(res.body).toEqual({ orderId: expect.any(String), status: 'reserved', statusUrl: `/v1/orders/${res.body.orderId}` });
      const done = await eventually(async () => {
        const r = await h.request.get(res.body.statusUrl).set(h.auth(token)).expect(200);
        return r.body.status === 'confirmed' ? r.body : undefined;
      });
      expect(done).toMatchObject({ orderId: res.body.orderId, dropId, quantity: 1, amountMinor: 5000, currency: 'EUR' });
      await eventually(async () => (pushes.some((p) => p.status === 'confirmed') ? true : undefined));
      expect(pushes.map((p) => `${p.type}:${p.status}`)).toEqual(['order_status:reserved', 'order_status:paid', 'order_status:confirmed']);

      const history = await h.request.get('/v1/me/orders?limit=5').set(h.auth(token)).expect(200);
      expect(history.body).toEqual({ items: [expect.objectContaining({ orderId: res.body.orderId, status: 'confirmed' })], nextCursor: null });
      const other = await h.createUser('shopper');
      await h.request.get(res.body.statusUrl).set(h.auth(other.token)).expect(404);
    } finally {
      await sub.quit();
    }
  });

  it('the same Idempotency-Key sent 6 times at once is one order and one charge', async () => {
    const dropId = await newDrop(5, 2);
    const { user, token } = await h.createUser('shopper');
    const admissionToken = await tokenFor(user.id, dropId);
    const key = `dup-${uniqueSuffix()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => order(dropId, token, { quantity: 2, admissionToken }, key)));
    expect(answers.map((a) => `${a.status} ${a.status === 202 ? '' : JSON.stringify(a.body)}`)).toEqual(Array(6).fill('202 '));
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    const orderId = answers[0]!.body.orderId as string;
    await eventually(async () => ((await h.knex('orders').where({ id: orderId }).first()).status === 'confirmed' ? true : undefined));
    // A late retry still answers with the same (now confirmed) order.
    const late = await order(dropId, token, { quantity: 2, admissionToken }, key).expect(202);
    expect(late.body).toMatchObject({ orderId, status: 'confirmed' });
    expect(await orderCount(user.id)).toBe(1);
    expect(await h.knex('payments').where({ order_id: orderId }).select('status')).toEqual([{ status: 'succeeded' }]);
    expect((await createInventory(h.redis).snapshot(dropId)).stock).toBe(3);
    // The same key with a different body is refused.
    const reused = await order(dropId, token, { quantity: 1, admissionToken }, key).expect(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
  });

  it('a retry of an order whose workflow never started goes through even after its admission token expired', async () => {
    const dropId = await newDrop(2);
    const { user, token } = await h.createUser('shopper');
    const key = `lost-${uniqueSuffix()}`;
    // The first attempt burned the token and wrote the order row, then starting the workflow failed
    // (Temporal unreachable); by the time the shopper retries, the short-lived token has expired.
    const orderId = randomUUID();
    await h.knex('orders').insert({
      id: orderId, user_id: user.id, drop_id: dropId, idempotency_key: key, quantity: 1, amount_minor: 5000,
      currency: 'EUR', status: 'pending', workflow_id: workflowIds.order(user.id, idempotencyKeyHash(key)),
    });
    const expired = await tokenFor(user.id, dropId, -5);
    const retry = await order(dropId, token, { quantity: 1, admissionToken: expired }, key).expect(202);
    expect(retry.body).toMatchObject({ orderId });
    await eventually(async () => ((await h.knex('orders').where({ id: orderId }).first()).status === 'confirmed' ? true : undefined));
    // An expired token still opens no new order.
    const fresh = await order(dropId, token, { quantity: 1, admissionToken: expired }, `k-${uniqueSuffix()}`).expect(401);
    expect(fresh.body.error.code).toBe('admission_token_expired');
    expect(await orderCount(user.id)).toBe(1);
  });

  it('a retry of a pending order after the drop ended is refused (409 drop_not_live): nothing reserved or charged', async () => {
    const dropId = await newDrop(3);
    const { user, token } = await h.createUser('shopper');
    const key = `ended-${uniqueSuffix()}`;
    // The first attempt wrote the order row and burned the token, then starting the workflow failed; the drop ends.
    const orderId = randomUUID();
    await h.knex('orders').insert({
      id: orderId, user_id: user.id, drop_id: dropId, idempotency_key: key, quantity: 1, amount_minor: 5000,
      currency: 'EUR', status: 'pending', workflow_id: workflowIds.order(user.id, idempotencyKeyHash(key)),
    });
    await h.knex('drops').where({ id: dropId }).update({ status: 'ended' });
    const retry = await order(dropId, token, { quantity: 1, admissionToken: await tokenFor(user.id, dropId) }, key);
    expect({ status: retry.status, code: retry.body.error?.code }).toEqual({ status: 409, code: 'drop_not_live' });
    const row = await eventually(async () => {
      const r = await h.knex('orders').where({ id: orderId }).first();
      return r.status === 'pending' ? undefined : r;
    });
    expect(row).toMatchObject({ status: 'failed', failure_reason: 'drop_not_live' });
    expect(await h.knex('payments').where({ order_id: orderId }).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect((await createInventory(h.redis).snapshot(dropId)).stock).toBe(3);
    // Asked again, the order's record answers the same.
    const again = await order(dropId, token, { quantity: 1, admissionToken: await tokenFor(user.id, dropId) }, key);
    expect({ status: again.status, code: again.body.error?.code }).toEqual({ status: 409, code: 'drop_not_live' });
  });

  it('bad tokens and missing or malformed keys get clear 4xx and change nothing', async () => {
    const dropId = await newDrop(3, 2);
    const otherDrop = await newDrop(2);
    const { user, token } = await h.createUser('shopper');
    const other = await h.createUser('shopper');
    const good = await tokenFor(user.id, dropId);
    const cases: [string | undefined, Record<string, unknown>, number, string][] = [
      [undefined, { quantity: 1, admissionToken: good }, 400, 'idempotency_key_required'],
      ['short', { quantity: 1, admissionToken: good }, 400, 'invalid_idempotency_key'],
      ['has spaces in it', { quantity: 1, admissionToken: good }, 400, 'invalid_idempotency_key'],
      [`k-${uniqueSuffix()}`, { quantity: 0, admissionToken: good }, 400, 'validation_failed'],
      [`k-${uniqueSuffix()}`, { quantity: 1 }, 400, 'validation_failed'],
      [`k-${uniqueSuffix()}`, { quantity: 1, admissionToken: 'not-a-jwt' }, 401, 'invalid_admission_token'],
      [`k-${uniqueSuffix()}`, { quantity: 1, admissionToken: await tokenFor(other.user.id, dropId) }, 403, 'admission_token_wrong_user'],
      [`k-${uniqueSuffix()}`, { quantity: 1, admissionToken: await tokenFor(user.id, otherDrop) }, 403, 'admission_token_wrong_drop'],
      [`k-${uniqueSuffix()}`, { quantity: 1, admissionToken: await tokenFor(user.id, dropId, -5) }, 401, 'admission_token_expired'],
      [`k-${uniqueSuffix()}`, { quantity: 3, admissionToken: good }, 409, 'per_user_limit_reached'],
    ];
    for (const [key, body, status, code] of cases) {
      const res = await order(dropId, token, body, key);
      expect({ key, status: res.status, code: res.body.error?.code }).toEqual({ key, status, code });
    }
    await h.request.post(`/v1/drops/${dropId}/orders`).set('idempotency-key', 'abcdefgh').send({ quantity: 1, admissionToken: good }).expect(401);
    const creator = await h.createUser('creator');
    expect((await order(dropId, creator.token, { quantity: 1, admissionToken: good }, 'abcdefgh')).status).toBe(403);
    expect(await orderCount(user.id)).toBe(0);
    expect((await createInventory(h.redis).snapshot(dropId)).stock).toBe(3);

    // The untouched token still buys; spent, it refuses another key.
    await order(dropId, token, { quantity: 1, admissionToken: good }, `k-${uniqueSuffix()}`).expect(202);
    const again = await order(dropId, token, { quantity: 1, admissionToken: good }, `k-${uniqueSuffix()}`).expect(409);
    expect(again.body.error.code).toBe('admission_token_used');
    // Over the limit with a fresh token: refused before anything changes.
    const over = await order(dropId, token, { quantity: 2, admissionToken: await tokenFor(user.id, dropId) }, `k-${uniqueSuffix()}`).expect(409);
    expect(over.body.error.code).toBe('per_user_limit_reached');
    expect(await orderCount(user.id)).toBe(1);
  });

  it('a total too large for the orders table is a 422 that changes nothing (was a 500 after burning the token)', async () => {
    const drop = await insertLiveDrop(h.knex, h.redis, { stock: 5, perUserLimit: 2, priceMinor: 3_000_000_000 });
    dropIds.push(drop.dropId);
    const { user, token } = await h.createUser('shopper');
    const admissionToken = await tokenFor(user.id, drop.dropId);
    const res = await order(drop.dropId, token, { quantity: 2, admissionToken }, `k-${uniqueSuffix()}`);
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'order_amount_too_large' });
    expect(await orderCount(user.id)).toBe(0);
    expect((await createInventory(h.redis).snapshot(drop.dropId)).stock).toBe(5);
    // The token was not burned: one unit (a total that fits) still buys with it.
    await order(drop.dropId, token, { quantity: 1, admissionToken }, `k-${uniqueSuffix()}`).expect(202);
  });

  it('a key differing only in case is not a replay of another order: 422, and its token still buys (was: silently the first order)', async () => {
    const dropId = await newDrop(5, 2);
    const { user, token } = await h.createUser('shopper');
    const key = `case-${uniqueSuffix()}-abc`;
    const first = await order(dropId, token, { quantity: 1, admissionToken: await tokenFor(user.id, dropId) }, key).expect(202);
    const second = await tokenFor(user.id, dropId);
    const res = await order(dropId, token, { quantity: 1, admissionToken: second }, key.toUpperCase());
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect(await orderCount(user.id)).toBe(1);
    const other = await order(dropId, token, { quantity: 1, admissionToken: second }, `k-${uniqueSuffix()}`).expect(202);
    expect(other.body.orderId).not.toBe(first.body.orderId);
  });

  it('charges the price the drop was scheduled at, not a price the creator set during the drop (was: the new price)', async () => {
    const creator = await h.createUser('creator');
    const product = await h.request.post('/v1/products').set(h.auth(creator.token))
      .send({ title: 'Priced tee', priceMinor: 2500, currency: 'EUR' }).expect(201);
    const startsAt = new Date(Date.now() + 3600_000);
    const scheduled = await h.request.post('/v1/drops').set(h.auth(creator.token)).send({
      productId: product.body.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      totalStock: 3, perUserLimit: 1, admissionRatePerS: 10,
    }).expect(201);
    const dropId = Number(scheduled.body.id);
    dropIds.push(dropId);
    try {
      // The drop goes live (as its lifecycle workflow would), then the creator changes the product's price and currency.
      await h.knex('drops').where({ id: dropId }).update({ status: 'live', starts_at: new Date(Date.now() - 1000) });
      await createInventory(h.redis).initialise(dropId, { total: 3, sold: 0 });
      await h.request.patch(`/v1/products/${product.body.id}`).set(h.auth(creator.token)).send({ priceMinor: 9900, currency: 'USD' }).expect(200);

      const detail = await createCatalogRepo(h.knex).dropDetail(dropId);
      expect(detail?.product).toMatchObject({ priceMinor: 2500, currency: 'EUR' });
      const { user, token } = await h.createUser('shopper');
      const res = await order(dropId, token, { quantity: 1, admissionToken: await tokenFor(user.id, dropId) }, `k-${uniqueSuffix()}`).expect(202);
      const done = await eventually(async () => {
        const row = await h.knex('orders').where({ id: res.body.orderId }).first();
        return row.status === 'confirmed' ? row : undefined;
      });
      expect({ amount: Number(done.amount_minor), currency: done.currency }).toEqual({ amount: 2500, currency: 'EUR' });
      const payment = await h.knex('payments').where({ order_id: res.body.orderId }).first();
      expect({ amount: Number(payment.amount_minor), currency: payment.currency }).toEqual({ amount: 2500, currency: 'EUR' });
    } finally {
      await h.temporal.workflow.getHandle(workflowIds.dropLifecycle(dropId)).terminate('test done').catch(() => undefined);
    }
  });

  it('answers 409 sold_out when nothing is left, and only ops may trigger a reconciliation', async () => {
    const dropId = await newDrop(1);
    const a = await h.createUser('shopper');
    const b = await h.createUser('shopper');
    await order(dropId, a.token, { quantity: 1, admissionToken: await tokenFor(a.user.id, dropId) }, `k-${uniqueSuffix()}`).expect(202);
    const res = await order(dropId, b.token, { quantity: 1, admissionToken: await tokenFor(b.user.id, dropId) }, `k-${uniqueSuffix()}`).expect(409);
    expect(res.body.error.code).toBe('sold_out');
    expect(await orderCount(b.user.id)).toBe(0);

    await h.request.post(`/v1/ops/drops/${dropId}/reconcile`).set(h.auth(a.token)).expect(403);
    const ops = await h.createUser('ops');
    const queued = await h.request.post(`/v1/ops/drops/${dropId}/reconcile`).set(h.auth(ops.token)).expect(202);
    expect(queued.body).toEqual({ jobId: expect.any(String), dropId });
    await h.request.post('/v1/ops/drops/999999999/reconcile').set(h.auth(ops.token)).expect(404);
  });

  it('refuses 2 units when 1 is left with 409 not_enough_stock and available 1 (was: sold_out), keeping the token for 1 unit', async () => {
    const dropId = await newDrop(1, 2);
    const { user, token } = await h.createUser('shopper');
    const admissionToken = await tokenFor(user.id, dropId);
    const res = await order(dropId, token, { quantity: 2, admissionToken }, `k-${uniqueSuffix()}`).expect(409);
    expect(res.body.error).toMatchObject({ code: 'not_enough_stock', available: 1 });
    expect(await orderCount(user.id)).toBe(0);
    await order(dropId, token, { quantity: 1, admissionToken }, `k-${uniqueSuffix()}`).expect(202);
  });

  it('a shortfall only the reserve finds (after the token was spent) gives the admission back: the shopper buys what is left', async () => {
    const dropId = await newDrop(1, 2);
    const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    // Redis out of step with MySQL: the early check sees 5, the reserve rebuilds from MySQL and finds 1.
    await h.redis.set(k.stock, '5');
    await h.redis.del(k.inventoryMeta);
    const { user, token } = await h.createUser('shopper');
    const admissionToken = await tokenFor(user.id, dropId);
    const refusedKey = `k-${uniqueSuffix()}`;
    const res = await order(dropId, token, { quantity: 2, admissionToken }, refusedKey).expect(409);
    expect(res.body.error).toMatchObject({ code: 'not_enough_stock', available: 1 });
    await order(dropId, token, { quantity: 1, admissionToken }, `k-${uniqueSuffix()}`).expect(202); // was 409 admission_token_used
    expect((await order(dropId, token, { quantity: 2, admissionToken }, refusedKey).expect(409)).body.error.code).toBe('not_enough_stock');
  });
});
