// A hostile shopper or creator: every forged, tampered, borrowed or out-of-role request is a clear 4xx and
// changes nothing, checked in MySQL and Redis. (order-routes.int.test.ts already covers malformed, expired,
// cross-user, cross-drop and reused admission tokens and missing keys; this file adds the rest.)
import { createAdmissionTokens } from '@livedrop/waiting-room';
import { type Redis, inventoryKeys } from '@livedrop/common';
import { createInventory } from '../../workers/src/inventory';
import { deleteDropKeys, insertLiveDrop, startOrderWorker } from '../../workers/test/orders/order-fixtures';
import { testLogger, uniqueSuffix } from '../../test/support/test-env';
import { startGateway, type GatewayHarness } from './support/gateway-harness';

jest.setTimeout(60_000);

/** Every Redis key of a drop with its value, to prove a refused request changed nothing there. */
async function dropRedisState(redis: Redis, dropId: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const key of await redis.keys(`{drop:${dropId}}*`)) {
    const type = await redis.type(key);
    if (type === 'string') out[key] = await redis.get(key);
    else if (type === 'hash') out[key] = await redis.hGetAll(key);
    else if (type === 'zset') out[key] = await redis.zRangeWithScores(key, 0, -1);
    else if (type === 'list') out[key] = await redis.lRange(key, 0, -1);
    else if (type === 'set') out[key] = (await redis.sMembers(key)).sort();
    else out[key] = type;
  }
  return out;
}

/** Base64url JSON of a JWT part, edited. */
function tamper(token: string, edit: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  edit(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('abuse: forged or borrowed credentials and out-of-role calls are 4xx and change nothing', () => {
  let h: GatewayHarness;
  let worker: Awaited<ReturnType<typeof startOrderWorker>>;
  let admission: ReturnType<typeof createAdmissionTokens>;
  const taskQueue = `test-abuse-${uniqueSuffix()}`;
  const dropIds: number[] = [];
  let ticket = 0;

  beforeAll(async () => {
    h = await startGateway({ config: { TEMPORAL_TASK_QUEUE: taskQueue, RATE_LIMIT_WRITES_PER_USER_PER_MIN: '0' } });
    worker = await startOrderWorker({
      knex: h.knex, redis: h.redis, logger: testLogger(), address: h.config.TEMPORAL_ADDRESS, namespace: h.config.TEMPORAL_NAMESPACE,
    }, taskQueue);
    admission = createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET);
  });
  afterAll(async () => {
    await worker?.stop();
    await deleteDropKeys(h.redis, dropIds);
    await h.close();
  });

  const newDrop = async (stock = 3, perUserLimit = 2) => {
    const { dropId } = await insertLiveDrop(h.knex, h.redis, { stock, perUserLimit });
    dropIds.push(dropId);
    return dropId;
  };
  const tokenFor = (userId: number, dropId: number) => admission.issue({ userId, dropId, ticket: ++ticket, ttlSeconds: 120 });
  const order = (dropId: number, token: string, body: Record<string, unknown>, key: string) =>
    h.request.post(`/v1/drops/${dropId}/orders`).set(h.auth(token)).set('idempotency-key', key).send(body);
  const ordersOf = async (userId: number) => h.knex('orders').where({ user_id: userId }).select('id', 'quantity', 'status');

  it('tampered, foreign-signed and wrong-kind admission tokens: 401, nothing ordered, nothing held', async () => {
    const dropId = await newDrop();
    const otherDrop = await newDrop();
    const { user, token } = await h.createUser('shopper');
    const victim = await h.createUser('shopper');
    const before = await dropRedisState(h.redis, dropId);
    const victimToken = await tokenFor(victim.user.id, dropId);
    const cases: [string, string][] = [
      ['another user’s token with the subject edited to mine', tamper(victimToken, (c) => { c.sub = String(user.id); })],
      ['my token for another drop with the drop edited', tamper(await tokenFor(user.id, otherDrop), (c) => { c.drop = dropId; })],
      ['an expiry pushed into the future', tamper(await tokenFor(user.id, dropId), (c) => { c.exp = Math.floor(Date.now() / 1000) + 86_400; })],
      ['signed with a guessed secret', await createAdmissionTokens('not-the-real-secret-but-long-enough').issue({ userId: user.id, dropId, ticket: 1 })],
      ['the shopper’s access token instead of an admission token', token],
      ['alg none', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${(await tokenFor(user.id, dropId)).split('.')[1]}.`],
    ];
    for (const [what, admissionToken] of cases) {
      const res = await order(dropId, token, { quantity: 1, admissionToken }, `k-${uniqueSuffix()}`);
      expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status: 401, code: 'invalid_admission_token' });
    }
    expect(await ordersOf(user.id)).toEqual([]);
    expect(await dropRedisState(h.redis, dropId)).toEqual(before);
    // The victim's own token is untouched by all that: it still buys.
    await order(dropId, victim.token, { quantity: 1, admissionToken: victimToken }, `k-${uniqueSuffix()}`).expect(202);
  });

  it('the same Idempotency-Key from two users is two orders; the same key with another body is 422 and changes nothing', async () => {
    const dropId = await newDrop();
    const a = await h.createUser('shopper');
    const b = await h.createUser('shopper');
    const key = `shared-${uniqueSuffix()}`;
    const first = await order(dropId, a.token, { quantity: 1, admissionToken: await tokenFor(a.user.id, dropId) }, key).expect(202);
    // B cannot reach A's order through A's key: B gets an order of B's own.
    const second = await order(dropId, b.token, { quantity: 1, admissionToken: await tokenFor(b.user.id, dropId) }, key).expect(202);
    expect(second.body.orderId).not.toBe(first.body.orderId);
    await h.request.get(`/v1/orders/${first.body.orderId}`).set(h.auth(b.token)).expect(404);

    const stockBefore = (await createInventory(h.redis).snapshot(dropId)).stock;
    const aOrders = await ordersOf(a.user.id);
    const otherBody = await order(dropId, a.token, { quantity: 2, admissionToken: await tokenFor(a.user.id, dropId) }, key);
    expect({ status: otherBody.status, code: otherBody.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    const otherDrop = await newDrop();
    const otherDropBody = await order(otherDrop, a.token, { quantity: 1, admissionToken: await tokenFor(a.user.id, otherDrop) }, key);
    expect({ status: otherDropBody.status, code: otherDropBody.body.error?.code }).toEqual({ status: 422, code: 'idempotency_key_reused' });
    expect((await ordersOf(a.user.id)).map((o) => [o.id, Number(o.quantity)])).toEqual(aOrders.map((o) => [o.id, Number(o.quantity)]));
    expect((await createInventory(h.redis).snapshot(dropId)).stock).toBe(stockBefore);
    expect((await createInventory(h.redis).snapshot(otherDrop)).stock).toBe(3);
  });

  it('a creator cannot touch another creator’s product or drop: 4xx, rows unchanged', async () => {
    const owner = await h.createUser('creator');
    const intruder = await h.createUser('creator');
    const product = (await h.request.post('/v1/products').set(h.auth(owner.token)).send({ title: 'Mine', priceMinor: 1000, currency: 'EUR' }).expect(201)).body;
    const dropId = await newDrop();
    await h.knex('drops').where({ id: dropId }).update({ creator_id: owner.user.id });
    const productBefore = await h.knex('products').where({ id: product.id }).first();
    const dropBefore = await h.knex('drops').where({ id: dropId }).first();
    const redisBefore = await dropRedisState(h.redis, dropId);
    const attempts: [string, Promise<{ status: number; body: { error?: { code: string } } }>][] = [
      ['edit product', h.request.patch(`/v1/products/${product.id}`).set(h.auth(intruder.token)).send({ priceMinor: 1 })],
      ['delete product', h.request.delete(`/v1/products/${product.id}`).set(h.auth(intruder.token))],
      ['drop the product', h.request.post('/v1/drops').set(h.auth(intruder.token)).send({
        productId: product.id, startsAt: new Date(Date.now() + 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 7200_000).toISOString(), totalStock: 1, perUserLimit: 1, admissionRatePerS: 1,
      })],
      ['edit drop', h.request.patch(`/v1/drops/${dropId}`).set(h.auth(intruder.token)).send({ version: Number(dropBefore.version), totalStock: 1 })],
      ['end drop', h.request.post(`/v1/drops/${dropId}/end`).set(h.auth(intruder.token)).send({})],
      ['cancel drop', h.request.post(`/v1/drops/${dropId}/cancel`).set(h.auth(intruder.token)).send({})],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      expect({ what, clientError: res.status >= 400 && res.status < 500, code: res.body.error?.code })
        .toEqual({ what, clientError: true, code: expect.stringMatching(/^(product_not_found|not_product_owner|not_drop_owner)$/) });
    }
    expect(await h.knex('products').where({ id: product.id }).first()).toEqual(productBefore);
    expect(await h.knex('drops').where({ id: dropId }).first()).toEqual(dropBefore);
    expect(await h.knex('drops').where({ product_id: product.id }).count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await dropRedisState(h.redis, dropId)).toEqual(redisBefore);
  });

  it('shoppers and creators on every ops route: 403 wrong_role, nothing changed or queued', async () => {
    const dropId = await newDrop();
    const shopper = await h.createUser('shopper');
    const creator = await h.createUser('creator');
    const redisBefore = await dropRedisState(h.redis, dropId);
    const auditBefore = await h.knex('admission_audit').where({ drop_id: dropId }).count({ n: '*' }).first();
    for (const t of [shopper.token, creator.token]) {
      const calls: [string, Promise<{ status: number; body: { error?: { code: string } } }>][] = [
        ['list', h.request.get('/v1/ops/drops').set(h.auth(t))],
        ['admission', h.request.post(`/v1/ops/drops/${dropId}/admission`).set(h.auth(t)).send({ rate: 1 })],
        ['pause', h.request.post(`/v1/ops/drops/${dropId}/pause`).set(h.auth(t))],
        ['resume', h.request.post(`/v1/ops/drops/${dropId}/resume`).set(h.auth(t))],
        ['drain', h.request.post(`/v1/ops/drops/${dropId}/drain`).set(h.auth(t))],
        ['reconcile', h.request.post(`/v1/ops/drops/${dropId}/reconcile`).set(h.auth(t))],
      ];
      for (const [what, pending] of calls) {
        const res = await pending;
        expect({ what, status: res.status, code: res.body.error?.code }).toEqual({ what, status: 403, code: 'wrong_role' });
      }
    }
    expect(await dropRedisState(h.redis, dropId)).toEqual(redisBefore);
    expect(await h.knex('admission_audit').where({ drop_id: dropId }).count({ n: '*' }).first()).toEqual(auditBefore);
    expect(await h.redis.exists(inventoryKeys(dropId).stock)).toBe(1);
  });
});
