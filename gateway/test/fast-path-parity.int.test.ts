import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createMetrics, dropKeys, globalKeys, inventoryKeys, mediaKey, withFastPaths } from '@livedrop/common';
import { buildReadApiListener } from '../../read-api/src/app';
import { insertDrop as insertCatalogDrop, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { capturingLogger, linesOf, requestCounts } from '../../test/support/log-capture';
import { connectTestServices, testLogger } from '../../test/support/test-env';
import { clearDropKeys, insertDrop as insertQueueDrop } from '../../waiting-room/test/support/queue-fixtures';
import { gatewayFastPaths } from '../src/app';
import { startGateway, type GatewayHarness } from './support/gateway-harness';

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const close = (server: Server) => { server.closeAllConnections(); return new Promise<void>((resolve) => server.close(() => resolve())); };
// Behind the fast paths instead of the Express app: a 418 would show a request the fast path did not take.
const teapot = (_req: unknown, res: { statusCode: number; end(): void }) => { res.statusCode = 418; res.end(); };

/**
 * Operations must not be able to tell which path served a request: the same request through a fast path and
 * through its Express route writes the same access log line (and error lines), counts under the same metric
 * labels and answers the same status and body.
 */
describe('gateway fast paths and their Express routes: same answer, log lines and metrics', () => {
  const viaExpress = capturingLogger();
  const viaFast = capturingLogger();
  const fastMetrics = createMetrics('gateway-fast');
  let readApi: Server;
  let fast: Server;
  let fastRequest: ReturnType<typeof supertest.agent>;
  let h: GatewayHarness;
  let mediaDir: string;
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let catalogDropId = 0;
  let queueDropId = 0;
  const image = Buffer.from('stored bytes, served as they are'.repeat(8));
  const imageName = `${createHash('sha256').update(image).digest('hex')}.webp`;

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'livedrop-parity-'));
    services = await connectTestServices();
    readApi = createServer(buildReadApiListener({
      logger: testLogger(), metrics: createMetrics('read-api-test'), health: { shuttingDown: false }, checks: {}, knex: services.knex, redis: services.redis,
    }));
    // Both paths of the gateway forward catalog reads to this read-api.
    const readApiUrl = await listen(readApi);
    h = await startGateway({ config: { MEDIA_STORAGE: 'local', MEDIA_LOCAL_DIR: mediaDir, READ_API_URL: readApiUrl }, logger: viaExpress.logger });
    fast = createServer(withFastPaths(teapot, ...gatewayFastPaths(h.services, { logger: viaFast.logger, metrics: fastMetrics })));
    fastRequest = supertest.agent(await listen(fast));

    const creatorId = await insertUser(h.knex, 'creator');
    catalogDropId = (await insertCatalogDrop(h.knex, {
      creatorId, productId: await insertProduct(h.knex, creatorId), status: 'live', totalStock: 9, startsInMs: -1000,
    })).id;
    await h.redis.set(inventoryKeys(catalogDropId).stock, '4');
    queueDropId = (await insertQueueDrop(h.knex, { rate: 5 })).dropId;
    await h.redis.hSet(dropKeys(queueDropId).admission, 'phase', 'open');
    await h.mediaStorage.put(mediaKey(imageName.slice(0, 64), 'webp'), image, 'image/webp');
  });

  afterAll(async () => {
    for await (const keys of h.redis.scanIterator({ MATCH: `cache:drop:${catalogDropId}:*` })) if (keys.length) await h.redis.del(keys);
    await h.redis.del([globalKeys.cacheVersion('drop', catalogDropId), inventoryKeys(catalogDropId).stock]);
    await clearDropKeys(h.redis, [queueDropId]);
    await Promise.all([close(fast), close(readApi)]);
    await h.close();
    await services.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  /** Sends one request both ways with its own request id; both must echo it and log and answer alike. */
  async function compare(method: 'get' | 'post', path: string, headers: Record<string, string>) {
    const [fastId, expressId] = [`fast-${randomUUID()}`, `express-${randomUUID()}`];
    const quick = await fastRequest[method](path).set(headers).set('x-request-id', fastId);
    const slow = await h.request[method](path).set(headers).set('x-request-id', expressId);
    expect(quick.status).not.toBe(418);
    expect([quick.status, quick.body]).toEqual([slow.status, slow.body]);
    expect([quick.headers['x-request-id'], slow.headers['x-request-id']]).toEqual([fastId, expressId]);
    const [fastLines, expressLines] = [await linesOf(viaFast.lines, fastId), await linesOf(viaExpress.lines, expressId)];
    expect(fastLines).toEqual(expressLines);
    expect(fastLines).toContainEqual(expect.objectContaining({ msg: 'request', method: method.toUpperCase(), url: path, status: quick.status }));
    return quick;
  }

  it('the join: joined, rejoined, no token, a bad token, the wrong role, an unknown drop', async () => {
    const shopper = await h.createUser('shopper');
    const creator = await h.createUser('creator');
    const path = `/v1/drops/${queueDropId}/queue`;
    expect((await compare('post', path, h.auth(shopper.token))).status).toBe(200);
    expect((await compare('post', path, h.auth(shopper.token))).status).toBe(200);
    expect((await compare('post', path, {})).body.error.code).toBe('missing_token');
    expect((await compare('post', path, { authorization: 'Bearer a.b.c' })).status).toBe(401);
    expect((await compare('post', path, h.auth(creator.token))).body.error.code).toBe('wrong_role');
    expect((await compare('post', '/v1/drops/999999999/queue', h.auth(shopper.token))).status).toBe(404);
  });

  it('the catalog drop page: found, not modified, unknown', async () => {
    const path = `/v1/catalog/drops/${catalogDropId}`;
    const found = await compare('get', path, {});
    expect(found.status).toBe(200);
    expect((await compare('get', path, { 'if-none-match': found.headers.etag as string })).status).toBe(304);
    expect((await compare('get', '/v1/catalog/drops/999999999999', {})).status).toBe(404);
  });

  it('media: found, unknown', async () => {
    expect((await compare('get', `/media/${imageName}`, {})).status).toBe(200);
    expect((await compare('get', `/media/${'b'.repeat(64)}.avif`, {})).status).toBe(404);
  });

  it('counted under the same labels (the Express route pattern), as often', async () => {
    const counts = await requestCounts(fastMetrics);
    expect(counts).toEqual(await requestCounts(h.metrics));
    expect(counts).toEqual([
      'GET /media/:name 200 1', 'GET /media/:name 404 1',
      'GET /v1/catalog/drops/:dropId 200 1', 'GET /v1/catalog/drops/:dropId 304 1', 'GET /v1/catalog/drops/:dropId 404 1',
      'POST /v1/drops/:dropId/queue 200 2', 'POST /v1/drops/:dropId/queue 401 2', 'POST /v1/drops/:dropId/queue 403 1',
      'POST /v1/drops/:dropId/queue 404 1',
    ]);
  });
});
