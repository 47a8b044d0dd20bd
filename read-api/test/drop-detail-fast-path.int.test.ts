import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createMetrics, globalKeys, inventoryKeys, withFastPaths } from '@livedrop/common';
import { buildReadApiApp } from '../src/app';
import { createVersionedCache } from '../src/cache/versioned-cache';
import { createCatalogRepo } from '../src/catalog/catalog-repo';
import { createDropDetail } from '../src/catalog/drop-detail';
import { createDropDetailFastPath } from '../src/http/drop-detail-fast-path';
import { insertDrop, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { capturingLogger, linesOf, requestCounts } from '../../test/support/log-capture';
import { connectTestServices } from '../../test/support/test-env';

type Services = Awaited<ReturnType<typeof connectTestServices>>;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return supertest.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
};
const close = (server: Server) => { server.closeAllConnections(); return new Promise<void>((resolve) => server.close(() => resolve())); };
const SAME_HEADERS = ['etag', 'cache-control', 'content-type', 'content-length'];

// The fast path must answer GET /v1/catalog/drops/:id exactly like the Express route. Here it runs in front of
// a stub that answers 418, so every non-418 answer below came from the fast path itself.
describe('read-api drop-detail fast path', () => {
  let s: Services;
  let express: Server;
  let fast: Server;
  let viaExpress: ReturnType<typeof supertest.agent>;
  let viaFast: ReturnType<typeof supertest.agent>;
  const dropIds: number[] = [];

  beforeAll(async () => {
    s = await connectTestServices();
    const deps = { logger: s.logger, metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis };
    express = createServer(buildReadApiApp(deps));
    const dropDetail = createDropDetail({ repo: createCatalogRepo(s.knex), cache: createVersionedCache(s.redis), redis: s.redis });
    fast = createServer(withFastPaths((_req, res) => { res.statusCode = 418; res.end(); }, createDropDetailFastPath({ dropDetail, logger: s.logger })));
    viaExpress = await listen(express);
    viaFast = await listen(fast);
  });

  afterAll(async () => {
    for (const id of dropIds) {
      for await (const keys of s.redis.scanIterator({ MATCH: `cache:drop:${id}:*` })) if (keys.length) await s.redis.del(keys);
      await s.redis.del([globalKeys.cacheVersion('drop', id), inventoryKeys(id).stock]);
    }
    await close(express);
    await close(fast);
    await s.close();
  });

  it('answers a live drop with the same body, ETag, Cache-Control and 304 as the Express route', async () => {
    const creatorId = await insertUser(s.knex, 'creator');
    const productId = await insertProduct(s.knex, creatorId, { title: 'Fast' });
    const drop = await insertDrop(s.knex, { creatorId, productId, status: 'live', totalStock: 30, startsInMs: -1000 });
    dropIds.push(drop.id);
    await s.redis.set(inventoryKeys(drop.id).stock, '12');

    const a = await viaExpress.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    const b = await viaFast.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    expect(b.text).toBe(a.text);
    expect(b.body.drop).toMatchObject({ id: drop.id, status: 'live', seed: drop.seed, stockLeft: 12 });
    for (const h of SAME_HEADERS) expect([h, b.headers[h]]).toEqual([h, a.headers[h]]);
    expect(b.headers['x-request-id']).toMatch(/^[\w-]+$/);
    expect((await viaFast.get(`/v1/catalog/drops/${drop.id}`).set('x-request-id', 'trace.42')).headers['x-request-id']).toBe('trace.42');

    const notModified = await viaFast.get(`/v1/catalog/drops/${drop.id}`).set('if-none-match', `W/"x", ${b.headers.etag}`).expect(304);
    expect(notModified.headers.etag).toBe(b.headers.etag);
    expect(notModified.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=1');
    expect(notModified.text).toBe('');
    await viaFast.get(`/v1/catalog/drops/${drop.id}`).set('if-none-match', '"stale"').expect(200);

    // Stock is read live on every request: a new value means a new body and a new ETag, on both paths.
    await s.redis.set(inventoryKeys(drop.id).stock, '11');
    const c = await viaFast.get(`/v1/catalog/drops/${drop.id}`).expect(200);
    expect(c.body.drop.stockLeft).toBe(11);
    expect(c.headers.etag).not.toBe(b.headers.etag);
    expect(c.headers.etag).toBe((await viaExpress.get(`/v1/catalog/drops/${drop.id}`)).headers.etag);
  });

  it('answers an unknown drop with the same 404 and leaves bad ids, queries and other routes to Express', async () => {
    const a = await viaExpress.get('/v1/catalog/drops/987654321013').expect(404);
    const b = await viaFast.get('/v1/catalog/drops/987654321013').expect(404);
    expect(b.body).toEqual(a.body);
    expect(b.body.error.code).toBe('drop_not_found');
    for (const path of ['/v1/catalog/drops/0', '/v1/catalog/drops/01', '/v1/catalog/drops/abc', '/v1/catalog/drops/99999999999999999',
      '/v1/catalog/drops/5?x=1', '/v1/catalog/drops/5/', '/v1/catalog/products/5', '/v1/catalog/drops']) {
      expect([path, (await viaFast.get(path)).status]).toEqual([path, 418]);
    }
    expect((await viaFast.post('/v1/catalog/drops/5')).status).toBe(418);
  });

  it('writes the same access log lines and counts under the same metric labels as the Express route', async () => {
    const creatorId = await insertUser(s.knex, 'creator');
    const drop = await insertDrop(s.knex, { creatorId, productId: await insertProduct(s.knex, creatorId), status: 'live', totalStock: 5, startsInMs: -1000 });
    dropIds.push(drop.id);
    const logs = { express: capturingLogger(), fast: capturingLogger() };
    const metrics = { express: createMetrics('read-api-express'), fast: createMetrics('read-api-fast') };
    const deps = { metrics: metrics.express, logger: logs.express.logger, health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis };
    const expressOnly = createServer(buildReadApiApp(deps));
    const dropDetail = createDropDetail({ repo: createCatalogRepo(s.knex), cache: createVersionedCache(s.redis), redis: s.redis });
    const fastOnly = createServer(withFastPaths((_req, res) => { res.statusCode = 418; res.end(); },
      createDropDetailFastPath({ dropDetail, logger: logs.fast.logger, metrics: metrics.fast })));
    try {
      const [slowAgent, fastAgent] = [await listen(expressOnly), await listen(fastOnly)];
      const etag = (await slowAgent.get(`/v1/catalog/drops/${drop.id}`).expect(200)).headers.etag as string;
      const cases: [string, Record<string, string>][] = [
        [`/v1/catalog/drops/${drop.id}`, {}], [`/v1/catalog/drops/${drop.id}`, { 'if-none-match': etag }], ['/v1/catalog/drops/987654321014', {}],
      ];
      for (const [n, [path, headers]] of cases.entries()) {
        const slow = await slowAgent.get(path).set(headers).set('x-request-id', `express-${n}`);
        const quick = await fastAgent.get(path).set(headers).set('x-request-id', `fast-${n}`);
        expect([quick.status, quick.text]).toEqual([slow.status, slow.text]);
        const lines = await linesOf(logs.fast.lines, `fast-${n}`);
        expect(lines).toEqual(await linesOf(logs.express.lines, `express-${n}`));
        expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', url: path, status: quick.status }));
      }
      // The Express side also answered the first request that read the ETag.
      expect(await requestCounts(metrics.fast)).toEqual([
        'GET /v1/catalog/drops/:dropId 200 1', 'GET /v1/catalog/drops/:dropId 304 1', 'GET /v1/catalog/drops/:dropId 404 1',
      ]);
      expect(await requestCounts(metrics.express)).toEqual([
        'GET /v1/catalog/drops/:dropId 200 2', 'GET /v1/catalog/drops/:dropId 304 1', 'GET /v1/catalog/drops/:dropId 404 1',
      ]);
    } finally {
      await close(expressOnly);
      await close(fastOnly);
    }
  });
});
