import { randomUUID } from 'node:crypto';
import { dropKeys, inventoryKeys } from '@livedrop/common';
import { clearDropKeys, insertDrop, insertUsers } from '../../waiting-room/test/support/queue-fixtures';
import { startGateway, type GatewayHarness } from './support/gateway-harness';

describe("a creator's own drops", () => {
  let h: GatewayHarness;
  const dropIds: number[] = [];
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await clearDropKeys(h.redis, dropIds); await h.close(); });

  it('lists every status of only your drops, with the product title', async () => {
    const mine = await insertDrop(h.knex, { status: 'scheduled', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000) });
    const other = await insertDrop(h.knex);
    dropIds.push(mine.dropId, other.dropId);
    const token = await h.tokenFor({ id: mine.creatorId, role: 'creator' });
    const res = await h.request.get('/v1/me/drops').set(h.auth(token)).expect(200);
    expect(res.body.drops).toHaveLength(1);
    expect(res.body.drops[0]).toMatchObject({ id: mine.dropId, status: 'scheduled', productTitle: 'Test sneaker', seed: null });
    const shopper = await h.createUser('shopper');
    await h.request.get('/v1/me/drops').set(h.auth(shopper.token)).expect(403);
    await h.request.get('/v1/me/drops').expect(401);
  });

  it("shows the queue, units sold and stock left of the creator's own drop, to them and ops only", async () => {
    const { dropId, creatorId } = await insertDrop(h.knex);
    dropIds.push(dropId);
    const k = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    await h.redis.hSet(k.admission, 'phase', 'open');
    await h.redis.set(k.queueSeq, '12');
    await h.redis.set(k.serving, '5');
    await h.redis.set(k.stock, '90');
    const buyers = await insertUsers(h.knex, 2);
    await h.knex('orders').insert(buyers.map((userId, i) => ({
      id: randomUUID(), user_id: userId, drop_id: dropId, idempotency_key: randomUUID(), quantity: i + 2, amount_minor: 1000,
      currency: 'EUR', status: i === 0 ? 'confirmed' : 'reserved', workflow_id: `order-test-${randomUUID()}`,
    })));
    const token = await h.tokenFor({ id: creatorId, role: 'creator' });
    const res = await h.request.get(`/v1/drops/${dropId}/live`).set(h.auth(token)).expect(200);
    expect(res.body).toMatchObject({ dropId, status: 'live', totalStock: 100, stockLeft: 90, sold: 2, queueLength: 7 });

    const ops = await h.createUser('ops');
    await h.request.get(`/v1/drops/${dropId}/live`).set(h.auth(ops.token)).expect(200);
    const stranger = await h.createUser('creator');
    expect((await h.request.get(`/v1/drops/${dropId}/live`).set(h.auth(stranger.token)).expect(403)).body.error.code).toBe('not_drop_owner');
    const shopper = await h.createUser('shopper');
    await h.request.get(`/v1/drops/${dropId}/live`).set(h.auth(shopper.token)).expect(403);
    await h.request.get('/v1/drops/999999999/live').set(h.auth(token)).expect(404);
    await h.request.get('/v1/drops/0/live').set(h.auth(token)).expect(400);
  });

  it('counts the pre-queue as the queue before the start, and no stock before the inventory is loaded', async () => {
    const { dropId, creatorId } = await insertDrop(h.knex, { status: 'scheduled', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000) });
    dropIds.push(dropId);
    await h.redis.sAdd(dropKeys(dropId).prequeue, ['1', '2', '3']);
    const token = await h.tokenFor({ id: creatorId, role: 'creator' });
    const res = await h.request.get(`/v1/drops/${dropId}/live`).set(h.auth(token)).expect(200);
    expect(res.body).toMatchObject({ status: 'scheduled', stockLeft: null, sold: 0, queueLength: 3 });
  });
});
