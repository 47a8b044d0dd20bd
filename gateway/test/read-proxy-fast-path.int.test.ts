import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createMetrics, globalKeys, inventoryKeys, withFastPaths } from '@livedrop/common';
import { buildReadApiListener } from '../../read-api/src/app';
import { insertDrop, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { connectTestServices, testConfig, testLogger } from '../../test/support/test-env';
import { readApiUpstream } from '../src/routes/read-proxy';
import { createReadProxyFastPath } from '../src/routes/read-proxy-fast-path';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => { server.closeAllConnections(); return new Promise<void>((resolve) => server.close(() => resolve())); };
// Stands in for the gateway's Express app: a 418 proves the fast path passed the request on.
const teapot = (_req: unknown, res: { statusCode: number; end(): void }) => { res.statusCode = 418; res.end(); };

describe('gateway read-proxy fast path (GET /v1/catalog/drops/:id)', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  let readApi: Server;
  let gateway: Server;
  let down: Server;
  let dropId = 0;

  beforeAll(async () => {
    s = await connectTestServices();
    readApi = createServer(buildReadApiListener({
      logger: s.logger, metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis,
    }));
    const readApiUrl = await listen(readApi);
    gateway = createServer(withFastPaths(teapot, createReadProxyFastPath({ readApi: readApiUpstream(readApiUrl, testConfig().CATALOG_MICROCACHE_MS) }, { logger: testLogger() })));
    down = createServer(withFastPaths(teapot, createReadProxyFastPath({ readApi: readApiUpstream('http://127.0.0.1:1', testConfig().CATALOG_MICROCACHE_MS) }, { logger: testLogger() })));
    const creatorId = await insertUser(s.knex, 'creator');
    dropId = (await insertDrop(s.knex, { creatorId, productId: await insertProduct(s.knex, creatorId), status: 'live', totalStock: 9, startsInMs: -1000 })).id;
    await s.redis.set(inventoryKeys(dropId).stock, '4');
  });

  afterAll(async () => {
    for await (const keys of s.redis.scanIterator({ MATCH: `cache:drop:${dropId}:*` })) if (keys.length) await s.redis.del(keys);
    await s.redis.del([globalKeys.cacheVersion('drop', dropId), inventoryKeys(dropId).stock]);
    await Promise.all([close(gateway), close(down), close(readApi)]);
    await s.close();
  });

  it('passes read-api status, body, ETag, Cache-Control, 304 and 404 straight back', async () => {
    const gw = supertest(await listen(gateway));
    const direct = await supertest(readApi).get(`/v1/catalog/drops/${dropId}`).expect(200);
    const res = await gw.get(`/v1/catalog/drops/${dropId}`).set('x-request-id', 'gw-trace-1').expect(200);
    expect(res.text).toBe(direct.text);
    expect(res.body.drop).toMatchObject({ id: dropId, stockLeft: 4 });
    expect(res.headers).toMatchObject({ etag: direct.headers.etag, 'cache-control': direct.headers['cache-control'], 'x-request-id': 'gw-trace-1' });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const again = await gw.get(`/v1/catalog/drops/${dropId}`).set('if-none-match', res.headers.etag as string).expect(304);
    expect(again.headers.etag).toBe(res.headers.etag);
    expect((await gw.get('/v1/catalog/drops/987654321014').expect(404)).body.error.code).toBe('drop_not_found');
    // Bad ids, other catalog routes and other methods stay with the validating Express routes.
    for (const path of ['/v1/catalog/drops/x1', '/v1/catalog/drops/0', `/v1/catalog/drops/${dropId}?a=1`, '/v1/catalog/products/1']) {
      expect([path, (await gw.get(path)).status]).toEqual([path, 418]);
    }
  });

  it('answers 502 read_api_unavailable when read-api is unreachable', async () => {
    const res = await supertest(await listen(down)).get(`/v1/catalog/drops/${dropId}`).expect(502);
    expect(res.body.error.code).toBe('read_api_unavailable');
  });
});
