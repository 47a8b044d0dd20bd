import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createMetrics, dropKeys, withFastPaths } from '@livedrop/common';
import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { buildGatewayApp } from '../src/app';
import { createJoinFastPath } from '../src/routes/queue-fast-path';
import { buildGatewayServices } from '../src/services';
import { clearDropKeys, insertDrop } from '../../waiting-room/test/support/queue-fixtures';
import { testLogger } from '../../test/support/test-env';

/** The pre-Express join must answer exactly what the declared route answers. */
describe('join fast path', () => {
  let h: GatewayHarness;
  let fast: Server;
  let fastRequest: ReturnType<typeof supertest.agent>;
  const dropIds: number[] = [];

  beforeAll(async () => {
    h = await startGateway();
    const logger = testLogger();
    const deps = { config: h.config, logger, redis: h.redis, knex: h.knex, temporal: h.temporal, mediaStorage: h.mediaStorage };
    const services = buildGatewayServices(deps);
    const app = buildGatewayApp({ ...deps, metrics: createMetrics('fast-path-test'), health: { shuttingDown: false }, checks: {} }, services);
    fast = createServer(withFastPaths(app, createJoinFastPath(services, { logger })));
    await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
    fastRequest = supertest.agent(`http://127.0.0.1:${(fast.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    fast.closeAllConnections();
    await new Promise((r) => fast.close(r));
    await clearDropKeys(h.redis, dropIds);
    await h.close();
  });

  it('gives the same answers as the Express route, status and body', async () => {
    const { dropId } = await insertDrop(h.knex, { rate: 5 });
    dropIds.push(dropId);
    await h.redis.hSet(dropKeys(dropId).admission, 'phase', 'open');
    const shopper = await h.createUser('shopper');
    const other = await h.createUser('shopper');
    const creator = await h.createUser('creator');
    const cases: [string, Record<string, string>][] = [
      [`/v1/drops/${dropId}/queue`, h.auth(shopper.token)], // new ticket (fast)
      [`/v1/drops/${dropId}/queue`, h.auth(shopper.token)], // rejoin: same ticket
      [`/v1/drops/${dropId}/queue`, h.auth(creator.token)],
      [`/v1/drops/${dropId}/queue`, {}],
      [`/v1/drops/${dropId}/queue`, { authorization: 'Bearer a.b.c' }],
      ['/v1/drops/999999999/queue', h.auth(shopper.token)],
      ['/v1/drops/0/queue', h.auth(shopper.token)], // falls through to Express: 400
    ];
    for (const [path, headers] of cases) {
      const viaFast = await fastRequest.post(path).set(headers);
      const viaExpress = await h.request.post(path).set(headers);
      expect([viaFast.status, viaFast.body]).toEqual([viaExpress.status, viaExpress.body]);
      expect(viaFast.headers['content-type']).toMatch(/^application\/json/);
    }
    const first = await fastRequest.post(`/v1/drops/${dropId}/queue`).set(h.auth(other.token)).expect(200);
    expect(first.body).toMatchObject({ ticket: 2, status: 'waiting', position: 2 });
  });

  it('leaves a request with a malformed JSON body to Express, which refuses it and changes nothing', async () => {
    const { dropId } = await insertDrop(h.knex, { rate: 5 });
    dropIds.push(dropId);
    await h.redis.hSet(dropKeys(dropId).admission, 'phase', 'open');
    const shopper = await h.createUser('shopper');
    const res = await fastRequest
      .post(`/v1/drops/${dropId}/queue`)
      .set({ ...h.auth(shopper.token), 'content-type': 'application/json' })
      .send('{bad');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
    expect(await h.redis.hGet(dropKeys(dropId).tickets, String(shopper.user.id))).toBeNull();
  });
});
