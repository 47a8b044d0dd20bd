import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import {
  bullConnection, bumpCacheVersions, createMetrics, DROP_LIST_SCOPE, globalKeys, recordEvent, inventoryKeys, type Redis } from '@livedrop/common';
import { buildReadApiApp } from '../src/app';
import { startEventPipeline, type EventPipeline } from '../../workers/src/jobs/event-pipeline';
import { insertDrop, insertFollowers, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { obliterateQueues } from '../../test/support/bull-cleanup';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';

type Services = Awaited<ReturnType<typeof connectTestServices>>;

async function deleteKeys(redis: Redis, patterns: string[]) {
  for (const match of patterns) {
    for await (const keys of redis.scanIterator({ MATCH: match, COUNT: 500 })) if (keys.length) await redis.del(keys);
  }
}

describe('read-api catalog', () => {
  let s: Services;
  let server: Server;
  let api: ReturnType<typeof supertest.agent>;
  let creatorId: number;
  let productId: number;
  const dropIds: number[] = [];

  beforeAll(async () => {
    s = await connectTestServices();
    const app = buildReadApiApp({ logger: s.logger, metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = supertest.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    creatorId = await insertUser(s.knex, 'creator');
    productId = await insertProduct(s.knex, creatorId, { title: 'Original title' });
  });

  afterAll(async () => {
    await deleteKeys(s.redis, [
      `cache:product:${productId}:*`, `cache:creator:${creatorId}:*`, globalKeys.cacheVersion('product', productId),
      globalKeys.cacheVersion('creator', creatorId),
      ...dropIds.flatMap((id) => [`cache:drop:${id}:*`, globalKeys.cacheVersion('drop', id), inventoryKeys(id).stock]),
    ]);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await s.close();
  });

  it('never shows the seed of a scheduled drop, and reports total stock', async () => {
    const drop = await insertDrop(s.knex, { creatorId, productId, totalStock: 40 });
    dropIds.push(drop.id);
    const res = await api.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    expect(res.body.drop).toMatchObject({ id: drop.id, status: 'scheduled', seedHash: drop.seedHash, seed: null, stockLeft: 40 });
    expect(JSON.stringify(res.body)).not.toContain(drop.seed);
    expect(res.body.drop.product).toMatchObject({ id: productId, title: 'Original title', imageUrl: 'https://cdn.example/p.jpg' });
  });

  it('reveals the seed once live and reads stock left live from Redis (not cached)', async () => {
    const drop = await insertDrop(s.knex, { creatorId, productId, status: 'live', totalStock: 40, startsInMs: -1000 });
    dropIds.push(drop.id);
    await s.redis.set(inventoryKeys(drop.id).stock, '17');
    const first = await api.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    expect(first.body.drop).toMatchObject({ status: 'live', seed: drop.seed, stockLeft: 17 });
    expect(first.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=1');
    await s.redis.set(inventoryKeys(drop.id).stock, '16');
    const second = await api.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    expect(second.body.drop.stockLeft).toBe(16);
    expect(second.headers.etag).not.toBe(first.headers.etag);
  });

  it('answers 304 to a matching If-None-Match and 200 to a stale one', async () => {
    const res = await api.get(`/v1/catalog/products/${productId}`).expect(200);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const notModified = await api.get(`/v1/catalog/products/${productId}`).set('if-none-match', `"other", ${etag}`).expect(304);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.text).toBe('');
    await api.get(`/v1/catalog/products/${productId}`).set('if-none-match', '"stale"').expect(200);
  });

  it('rejects malformed ids with 400 and unknown ones with 404', async () => {
    for (const path of ['/drops/abc', '/drops/0', '/drops/-3', '/products/1.5', '/creators/99999999999999999999']) {
      const res = await api.get(`/v1/catalog${path}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await api.get('/v1/catalog/drops/987654321012').expect(404)).body.error.code).toBe('drop_not_found');
    expect((await api.get('/v1/catalog/products/987654321012').expect(404)).body.error.code).toBe('product_not_found');
    // A shopper is not a creator page.
    const shopper = await insertUser(s.knex, 'shopper');
    expect((await api.get(`/v1/catalog/creators/${shopper}`).expect(404)).body.error.code).toBe('creator_not_found');
    expect((await api.get('/v1/catalog/drops?status=soon').expect(400)).body.error.code).toBe('validation_failed');
    // 16 digits is past what the id pattern documents (every 15-digit id is a safe integer).
    expect((await api.get('/v1/catalog/drops/9361261064693315').expect(400)).body.error.code).toBe('validation_failed');
    expect((await api.get('/v1/catalog/drops?cursor=bm9wZQ').expect(400)).body.error.code).toBe('invalid_cursor');
  });

  it('lists live and upcoming drops with keyset pagination', async () => {
    const live = await insertDrop(s.knex, { creatorId, productId, status: 'live', startsInMs: -20 * 365 * 86_400_000 });
    const upcoming = await insertDrop(s.knex, { creatorId, productId, status: 'scheduled', startsInMs: 60_000 });
    dropIds.push(live.id, upcoming.id);
    // Rows were inserted behind the app's back: announce them the way the drops events would.
    await bumpCacheVersions(s.redis, [['drop-list', DROP_LIST_SCOPE]]);

    /** Walks every page (small pages, many of them) and checks no drop appears twice. */
    const walk = async (status?: 'live' | 'upcoming' | 'ended') => {
      const seen: { id: number; status: string }[] = [];
      let cursor: string | null = null;
      do {
        const res: supertest.Response = await api.get('/v1/catalog/drops')
          .query({ limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }).expect(200);
        seen.push(...res.body.drops);
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 20_000);
      expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
      return seen;
    };
    const liveList = await walk('live');
    expect(liveList.every((d) => ['live', 'sold_out'].includes(d.status))).toBe(true);
    expect(liveList.map((d) => d.id)).toContain(live.id);
    expect(liveList.map((d) => d.id)).not.toContain(upcoming.id);
    const upcomingList = await walk('upcoming');
    expect(upcomingList.every((d) => d.status === 'scheduled')).toBe(true);
    expect(upcomingList.map((d) => d.id)).toContain(upcoming.id);
    const both = (await walk()).map((d) => d.id);
    expect(both).toEqual(expect.arrayContaining([live.id, upcoming.id]));
  });

  it('lists ended drops newest first, page after page, and only with status=ended', async () => {
    const older = await insertDrop(s.knex, { creatorId, productId, status: 'ended', startsInMs: -3 * 86_400_000 });
    const newer = await insertDrop(s.knex, { creatorId, productId, status: 'ended', startsInMs: -2 * 86_400_000 });
    dropIds.push(older.id, newer.id);
    await bumpCacheVersions(s.redis, [['drop-list', DROP_LIST_SCOPE]]);
    const seen: { id: number; status: string; startsAt: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: supertest.Response = await api.get('/v1/catalog/drops')
        .query({ status: 'ended', limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      seen.push(...res.body.drops);
      cursor = res.body.nextCursor;
    } while (cursor && seen.length < 20_000);
    expect(seen.every((d) => d.status === 'ended')).toBe(true);
    expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
    const times = seen.map((d) => Date.parse(d.startsAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const ids = seen.map((d) => d.id);
    expect(ids.indexOf(newer.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    const defaultList = (await api.get('/v1/catalog/drops').query({ limit: 50 }).expect(200)).body.drops as { id: number }[];
    expect(defaultList.map((d) => d.id)).not.toContain(newer.id);
  });

  describe('with the outbox relay and event consumers running', () => {
    let pipeline: EventPipeline;
    const prefix = `test-${uniqueSuffix()}`;

    beforeAll(async () => {
      pipeline = await startEventPipeline({
        connection: bullConnection(s.config.REDIS_URL), prefix, knex: s.knex, redis: s.redis, logger: s.logger,
        stockLowThreshold: 0, relayIntervalMs: 50,
        // Only this file's events: other test files run relays on the same database.
        relayFilter: (q) => q.where((w) => w.where({ aggregate_type: 'product', aggregate_id: String(productId) })
          .orWhere({ aggregate_type: 'creator', aggregate_id: String(creatorId) })),
      });
    });
    afterAll(async () => {
      await pipeline.close();
      await obliterateQueues(s.config.REDIS_URL, prefix);
    });

    it('serves the cached copy until the change event arrives, then the new data', async () => {
      const path = `/v1/catalog/products/${productId}`;
      const before = await api.get(path).expect(200);
      // A write without an event is not seen: proof that answers come from the cache.
      await s.knex('products').where({ id: productId }).update({ title: 'Silent edit' });
      expect((await api.get(path).expect(200)).body.product.title).toBe(before.body.product.title);

      await s.knex.transaction(async (trx) => {
        await trx('products').where({ id: productId }).update({ title: 'Announced edit', updated_at: trx.fn.now(3) });
        await recordEvent(trx, { type: 'product.updated', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId, fields: ['title'] } });
      });
      let title = before.body.product.title as string;
      for (let i = 0; i < 100 && title !== 'Announced edit'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        title = (await api.get(path).expect(200)).body.product.title;
      }
      expect(title).toBe('Announced edit');
      // Drops of that product show the new title too (their versions were bumped with it).
      expect((await api.get(`/v1/catalog/drops/${dropIds[0]}`).expect(200)).body.drop.product.title).toBe('Announced edit');
    });

    it('updates the creator page follower count after follow events', async () => {
      const path = `/v1/catalog/creators/${creatorId}`;
      const before = await api.get(path).expect(200);
      expect(before.body.creator).toMatchObject({ id: creatorId, followerCount: 0 });
      expect(before.body.creator.products.map((p: { id: number }) => p.id)).toContain(productId);
      const [followerId] = await insertFollowers(s.knex, creatorId, 1);
      await recordEvent(s.knex, { type: 'follow.created', aggregateType: 'creator', aggregateId: creatorId, payload: { followerId: followerId!, creatorId } });
      let count = 0;
      for (let i = 0; i < 100 && count !== 1; i++) {
        await new Promise((r) => setTimeout(r, 50));
        count = (await api.get(path).expect(200)).body.creator.followerCount;
      }
      expect(count).toBe(1);
    });
  });
});
