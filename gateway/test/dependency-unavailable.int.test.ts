// A dependency that cannot be reached is a 503 naming it, with Retry-After (was: 500 internal_error). Each part
// points one in-process gateway at a dependency of its own that is down: a test-only redis-server this test
// starts and stops, a MySQL address nobody listens on, a Temporal address nobody listens on.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createKnex, createLogger, createRedis, type Redis, inventoryKeys } from '@livedrop/common';
import { createAdmissionController, createAdmissionTokens, createDropsReader } from '@livedrop/waiting-room';
import { eventually } from '../../workers/test/drops/drop-fixtures';
import { insertDrop } from '../../waiting-room/test/support/queue-fixtures';
import { startGateway } from './support/gateway-harness';

jest.setTimeout(60_000);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A redis-server of this test's own (AOF on, so a clean restart keeps the queue). */
function startRedisServer(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes',
    '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Ready to accept connections')) resolve(child); });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
}
async function stopRedisServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM'); // only the server this test started, by its own handle
  await exited;
}

const expect503 = (res: { status: number; headers: Record<string, string>; body: { error: { code: string } } }, code: string) => {
  expect({ status: res.status, code: res.body.error?.code }).toEqual({ status: 503, code });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
};

describe('a dependency down is a 503 with Retry-After and a code naming it', () => {
  it('Redis down: queue/me and join answer 503 redis_unavailable; after Redis is back the shopper keeps their place', async () => {
    const port = await closedPort();
    const dir = mkdtempSync(join(tmpdir(), 'livedrop-redis-'));
    let server = await startRedisServer(port, dir);
    const logger = createLogger({ LOG_LEVEL: 'silent' }, 'test');
    const redis: Redis = await createRedis(`redis://127.0.0.1:${port}`, logger, 'down-test');
    const h = await startGateway({ extraDeps: { redis } });
    try {
      const { dropId } = await insertDrop(h.knex, { rate: 5 });
      await redis.set(inventoryKeys(dropId).stock, '10');
      await createAdmissionController({
        redis, knex: h.knex, tokens: createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET), logger, ownerId: 'down-test',
        tickMs: 1000, inflightThreshold: 1000, latencyThresholdMs: 1000,
      }).tickDrop((await createDropsReader(h.knex).byId(dropId))!);
      const { token } = await h.createUser('shopper');
      const joined = await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(token)).expect(200);

      await stopRedisServer(server);
      await eventually(async () => (redis.isReady ? undefined : true));
      expect503(await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(token)), 'redis_unavailable');
      expect503(await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(token)), 'redis_unavailable');

      server = await startRedisServer(port, dir);
      await eventually(async () => (redis.isReady ? true : undefined));
      const me = await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(token)).expect(200);
      expect(me.body.ticket).toBe(joined.body.ticket);
    } finally {
      await h.close();
      if (redis.isOpen) await redis.quit().catch(() => undefined);
      await stopRedisServer(server);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('MySQL unreachable: queue/me and order history answer 503 mysql_unavailable', async () => {
    const deadKnex = createKnex(`mysql://livedrop:livedrop@127.0.0.1:${await closedPort()}/livedrop_test`, 2);
    const h = await startGateway({ extraDeps: { knex: deadKnex } });
    try {
      const { token } = await h.createUser('shopper');
      expect503(await h.request.get('/v1/drops/1/queue/me').set(h.auth(token)), 'mysql_unavailable');
      expect503(await h.request.get('/v1/me/orders').set(h.auth(token)), 'mysql_unavailable');
    } finally {
      await h.close();
      await deadKnex.destroy();
    }
  });

  it('read-api answering 503 (its MySQL is down) reaches the client through the catalog proxy with its Retry-After', async () => {
    const upstream = createHttpServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
      res.end(JSON.stringify({ error: { code: 'mysql_unavailable', message: 'mysql is unavailable right now; retry after 2 s' } }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const h = await startGateway({ config: { READ_API_URL: `http://127.0.0.1:${(upstream.address() as { port: number }).port}` } });
    try {
      expect503(await h.request.get('/v1/catalog/drops'), 'mysql_unavailable');
      expect503(await h.request.get('/v1/catalog/drops/1'), 'mysql_unavailable');
    } finally {
      await h.close();
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
  });

  it('Temporal unreachable: cancelling a drop answers 503 temporal_unavailable', async () => {
    const connection = Connection.lazy({ address: `127.0.0.1:${await closedPort()}`, connectTimeout: '1s' });
    const h = await startGateway({ extraDeps: { temporal: new Client({ connection }) } });
    try {
      const { dropId, creatorId } = await insertDrop(h.knex, { status: 'scheduled', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000) });
      const token = await h.tokenFor({ id: creatorId, role: 'creator' });
      const res = await h.request.post(`/v1/drops/${dropId}/cancel`).set(h.auth(token)).send({ reason: 'test' });
      expect503(res, 'temporal_unavailable');
    } finally {
      await h.close();
      await connection.close().catch(() => undefined);
    }
  });
});
