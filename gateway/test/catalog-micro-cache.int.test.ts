import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createMetrics, globalKeys, inventoryKeys, withFastPaths } from '@livedrop/common';
import { buildReadApiListener } from '../../read-api/src/app';
import { insertDrop, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { connectTestServices, testLogger } from '../../test/support/test-env';
import { readApiUpstream } from '../src/routes/read-proxy';
import { createReadProxyFastPath } from '../src/routes/read-proxy-fast-path';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => { server.closeAllConnections(); return new Promise<void>((resolve) => server.close(() => resolve())); };
const teapot: RequestListener = (_req, res) => { res.statusCode = 418; res.end(); };
const TTL_MS = 400;

describe('gateway micro-cache for a drop detail (CATALOG_MICROCACHE_MS)', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  let readApi: Server;
  let cached: supertest.Agent;
  let uncached: supertest.Agent;
  const servers: Server[] = [];
  let upstreamHits = 0;
  let dropId = 0;

  beforeAll(async () => {
    s = await connectTestServices();
    const listener = buildReadApiListener({
      logger: s.logger, metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis,
    });
    readApi = createServer((req, res) => { upstreamHits++; listener(req, res); });
    const readApiUrl = await listen(readApi);
    const gateway = (ms: number) => createServer(withFastPaths(teapot, createReadProxyFastPath(
      { readApi: readApiUpstream(readApiUrl, ms) }, { logger: testLogger() },
    )));
    servers.push(gateway(TTL_MS), gateway(0));
    cached = supertest(await listen(servers[0]!));
    uncached = supertest(await listen(servers[1]!));
    const creatorId = await insertUser(s.knex, 'creator');
    dropId = (await insertDrop(s.knex, { creatorId, productId: await insertProduct(s.knex, creatorId), status: 'live', totalStock: 9, startsInMs: -1000 })).id;
    await s.redis.set(inventoryKeys(dropId).stock, '7');
  });

  afterAll(async () => {
    for await (const keys of s.redis.scanIterator({ MATCH: `cache:drop:${dropId}:*` })) if (keys.length) await s.redis.del(keys);
    await s.redis.del([globalKeys.cacheVersion('drop', dropId), inventoryKeys(dropId).stock]);
    await Promise.all([...servers.map(close), close(readApi)]);
    await s.close();
  });

  it('a burst of reads costs read-api one request; the answer (and a 304 for its ETag) is replayed until the TTL, then refreshed', async () => {
    upstreamHits = 0;
    const path = `/v1/catalog/drops/${dropId}`;
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => cached.get(path).set('x-request-id', `burst-${i}`).expect(200)));
    expect(upstreamHits).toBe(1);
    expect(new Set(burst.map((r) => r.text)).size).toBe(1);
    expect(burst[0]!.body.drop).toMatchObject({ id: dropId, stockLeft: 7 });
    // Each client still gets its own request id.
    expect(burst.map((r) => r.headers['x-request-id'])).toEqual(burst.map((_, i) => `burst-${i}`));

    const etag = burst[0]!.headers.etag as string;
    const notModified = await cached.get(path).set('if-none-match', `"other", ${etag}`).expect(304);
    expect(notModified.headers).toMatchObject({ etag, 'cache-control': burst[0]!.headers['cache-control'] });
    expect(notModified.text).toBe('');

    // A sale: within the TTL the gateway still shows the answer it has, read-api already the new stock.
    await s.redis.set(inventoryKeys(dropId).stock, '6');
    expect((await cached.get(path).expect(200)).body.drop.stockLeft).toBe(7);
    expect(upstreamHits).toBe(1);
    expect((await uncached.get(path).expect(200)).body.drop.stockLeft).toBe(6);
    expect(upstreamHits).toBe(2);

    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
    const fresh = await cached.get(path).expect(200);
    expect(fresh.body.drop.stockLeft).toBe(6);
    expect(fresh.headers.etag).not.toBe(etag);
    expect(upstreamHits).toBe(3);
    // The old ETag no longer matches: the client gets the new body.
    expect((await cached.get(path).set('if-none-match', etag).expect(200)).body.drop.stockLeft).toBe(6);
  });

  it('never replays a 404: a drop that appears is seen at once', async () => {
    upstreamHits = 0;
    const missing = 987654321077;
    await cached.get(`/v1/catalog/drops/${missing}`).expect(404);
    await cached.get(`/v1/catalog/drops/${missing}`).expect(404);
    expect(upstreamHits).toBe(2);
  });

  it('with CATALOG_MICROCACHE_MS=0 every read goes to read-api', async () => {
    upstreamHits = 0;
    await Promise.all(Array.from({ length: 5 }, () => uncached.get(`/v1/catalog/drops/${dropId}`).expect(200)));
    expect(upstreamHits).toBe(5);
  });
});
