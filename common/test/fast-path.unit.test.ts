import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { createBaseApp, finishApp } from '../src/http/base-app';
import { createFastPath, withFastPaths } from '../src/http/fast-path';
import { createMetrics } from '../src/http/metrics';
import { DependencyUnavailableError } from '../src/errors/dependency-errors';
import { forbidden } from '../src/errors/app-error';
import { capturingLogger, linesOf, requestCounts } from '../../test/support/log-capture';

const ROUTE = '/v1/things/:id';
// What both paths' handler does for a thing id: an answer, a client error, a dependency down, a bug.
async function thing(id: string): Promise<unknown> {
  if (id === '2') throw forbidden('wrong_role', 'not yours');
  if (id === '3') throw new DependencyUnavailableError('redis');
  if (id === '4') throw new TypeError('a bug');
  return { id };
}

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return supertest.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
};

describe('createFastPath: what Express gives a request, without Express', () => {
  const logs = { express: capturingLogger(), fast: capturingLogger() };
  const metrics = { express: createMetrics('express'), fast: createMetrics('fast') };
  let servers: Server[] = [];

  afterAll(async () => {
    for (const s of servers) await new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); });
  });

  it('adopts or makes the request id, logs, counts and answers errors exactly like the Express stack', async () => {
    const app = createBaseApp({ logger: logs.express.logger, metrics: metrics.express, checks: {}, health: { shuttingDown: false } });
    app.get(ROUTE, async (req, res) => { res.json(await thing(req.params.id as string)); });
    const fastPath = createFastPath({ logger: logs.fast.logger, metrics: metrics.fast }, {
      route: ROUTE,
      match: (req) => /^\/v1\/things\/(\d+)$/.exec(req.url ?? '')?.[1],
      async handle(_req, res, id) {
        const text = JSON.stringify(await thing(id));
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    });
    servers = [createServer(finishApp(app)), createServer(withFastPaths((_req, res) => { res.statusCode = 418; res.end(); }, fastPath))];
    const [viaExpress, viaFast] = [await listen(servers[0]!), await listen(servers[1]!)];

    for (const id of ['1', '2', '3', '4']) {
      const slow = await viaExpress.get(`/v1/things/${id}`).set('x-request-id', `express-${id}`);
      const quick = await viaFast.get(`/v1/things/${id}`).set('x-request-id', `fast-${id}`);
      expect([quick.status, quick.headers['content-type'], quick.headers['retry-after'], quick.text])
        .toEqual([slow.status, slow.headers['content-type'], slow.headers['retry-after'], slow.text]);
      expect(quick.headers['x-request-id']).toBe(`fast-${id}`);
      expect(await linesOf(logs.fast.lines, `fast-${id}`)).toEqual(await linesOf(logs.express.lines, `express-${id}`));
    }
    // The bug is logged as such, and its access line at error level.
    expect(await linesOf(logs.fast.lines, 'fast-4')).toEqual([
      expect.objectContaining({ level: 50, msg: 'unhandled error', err: { type: 'TypeError', message: 'a bug' } }),
      expect.objectContaining({ level: 50, msg: 'request', status: 500 }),
    ]);
    const made = await viaFast.get('/v1/things/1').set('x-request-id', 'not a valid id!');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await viaExpress.get('/v1/things/1');

    expect(await requestCounts(metrics.fast)).toEqual(await requestCounts(metrics.express));
    expect(await requestCounts(metrics.fast)).toEqual([`GET ${ROUTE} 200 2`, `GET ${ROUTE} 403 1`, `GET ${ROUTE} 500 1`, `GET ${ROUTE} 503 1`]);
  });
});
