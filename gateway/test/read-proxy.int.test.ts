import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMetrics, globalKeys } from '@livedrop/common';
import { buildReadApiApp } from '../../read-api/src/app';
import { insertDrop, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { connectTestServices } from '../../test/support/test-env';
import { startGateway, type GatewayHarness } from './support/gateway-harness';

describe('gateway → read-api proxy (/v1/catalog/*)', () => {
  let readApi: Server;
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let h: GatewayHarness;
  let productId: number;
  const upstream: string[] = []; // the paths read-api was asked for
  const dropIds: number[] = [];

  beforeAll(async () => {
    services = await connectTestServices();
    const app = buildReadApiApp({
      logger: services.logger, metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {},
      knex: services.knex, redis: services.redis,
    });
    readApi = createServer((req, res) => { upstream.push(req.url!); app(req, res); });
    await new Promise<void>((resolve) => readApi.listen(0, '127.0.0.1', resolve));
    h = await startGateway({ config: { READ_API_URL: `http://127.0.0.1:${(readApi.address() as AddressInfo).port}` } });
    productId = await insertProduct(h.knex, await insertUser(h.knex, 'creator'), { title: 'Proxied' });
  });
  afterAll(async () => {
    await h.close();
    readApi.closeAllConnections();
    await new Promise<void>((resolve) => readApi.close(() => resolve()));
    for await (const keys of services.redis.scanIterator({ MATCH: `cache:product:${productId}:*` })) if (keys.length) await services.redis.del(keys);
    await services.redis.del(globalKeys.cacheVersion('product', productId));
    for (const id of dropIds) {
      for await (const keys of services.redis.scanIterator({ MATCH: `cache:drop:${id}:*` })) if (keys.length) await services.redis.del(keys);
      await services.redis.del(globalKeys.cacheVersion('drop', id));
    }
    await services.close();
  });

  it('a drop detail through the declared route shares one micro-cache entry, whatever the query string', async () => {
    const creatorId = await insertUser(h.knex, 'creator');
    const { id: dropId } = await insertDrop(h.knex, { creatorId, productId: await insertProduct(h.knex, creatorId), status: 'live', totalStock: 3, startsInMs: -1000 });
    dropIds.push(dropId);
    upstream.length = 0;
    const first = await h.request.get(`/v1/catalog/drops/${dropId}?a=1`).expect(200);
    const second = await h.request.get(`/v1/catalog/drops/${dropId}?b=2`).expect(200);
    expect(second.text).toBe(first.text);
    // One upstream read, of the canonical path: junk queries cannot crowd the hot drops out of the cache.
    expect(upstream).toEqual([`/v1/catalog/drops/${dropId}`]);
  });

  it('passes status, body, ETag, Cache-Control and 304 through', async () => {
    const res = await h.request.get(`/v1/catalog/products/${productId}`).expect(200);
    expect(res.body.product).toMatchObject({ id: productId, title: 'Proxied' });
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const etag = res.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await h.request.get(`/v1/catalog/products/${productId}`).set('if-none-match', etag).expect(304);
    expect(again.headers.etag).toBe(etag);
    expect((await h.request.get('/v1/catalog/products/987654321098').expect(404)).body.error.code).toBe('product_not_found');
    expect((await h.request.get('/v1/catalog/drops?status=live&limit=1').expect(200)).body).toHaveProperty('nextCursor');
  });

  it('rejects bad ids at the gateway and documents the routes in /openapi.json', async () => {
    expect((await h.request.get('/v1/catalog/drops/x1').expect(400)).body.error.code).toBe('validation_failed');
    const doc = (await h.request.get('/openapi.json').expect(200)).body;
    for (const path of ['/v1/catalog/drops', '/v1/catalog/drops/{dropId}', '/v1/catalog/products/{productId}', '/v1/catalog/creators/{creatorId}']) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    expect(doc.paths['/v1/catalog/drops'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['status', 'limit', 'cursor']));
  });

  it('answers 502 when read-api is unreachable', async () => {
    const down = await startGateway({ config: { READ_API_URL: 'http://127.0.0.1:1' } });
    try {
      expect((await down.request.get(`/v1/catalog/products/${productId}`).expect(502)).body.error.code).toBe('read_api_unavailable');
    } finally {
      await down.close();
    }
  });
});
