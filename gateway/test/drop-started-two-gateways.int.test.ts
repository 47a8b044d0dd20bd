import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bullConnection, recordEvent } from '@livedrop/common';
import { createAccessTokens } from '../src/auth/access-token';
import { startEventPipeline, type EventPipeline } from '../../workers/src/jobs/event-pipeline';
import { obliterateQueues } from '../../test/support/bull-cleanup';
import { insertDrop, insertFollowers, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';
import { connectWs, type TestSocket } from './support/ws-client';

const ROOT = join(__dirname, '..', '..');

const freePort = () => new Promise<number>((resolve, reject) => {
  const probe = createServer();
  probe.once('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

/** A real gateway process (gateway/src/main.ts): its own Redis subscriber, its own sockets. */
async function startGatewayProcess(env: Record<string, string>, started: ChildProcess[]): Promise<string> {
  const port = await freePort();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'gateway', 'src', 'main.ts')], {
    cwd: ROOT, env: { ...process.env, ...env, GATEWAY_PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child); // registered at once so afterAll stops it even if the boot fails
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gateway did not start: ${stderr}`);
}

describe('drop_started reaches followers on every gateway process', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  let pipeline: EventPipeline;
  const gateways: ChildProcess[] = [];
  const sockets: TestSocket[] = [];
  const prefix = `test-${uniqueSuffix()}`;
  let dropId = 0;

  beforeAll(async () => {
    s = await connectTestServices();
    const env = { MYSQL_URL: s.config.MYSQL_URL, REDIS_URL: s.config.REDIS_URL, JWT_SECRET: s.config.JWT_SECRET };
    urls.push(...(await Promise.all([startGatewayProcess(env, gateways), startGatewayProcess(env, gateways)])));
  }, 60_000);
  const urls: string[] = [];

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await pipeline?.close();
    await obliterateQueues(s.config.REDIS_URL, prefix);
    await Promise.all(gateways.map((child) => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    })));
    await s.close();
  }, 30_000);

  it('outbox drop.live → relay → fan-out → both gateways deliver to their own followers', async () => {
    const creatorId = await insertUser(s.knex, 'creator');
    const productId = await insertProduct(s.knex, creatorId, { title: 'Two gateway drop' });
    const drop = await insertDrop(s.knex, { creatorId, productId, status: 'scheduled', startsInMs: 0 });
    dropId = drop.id;
    const [alice, bob] = await insertFollowers(s.knex, creatorId, 2);
    const tokens = createAccessTokens(s.config.JWT_SECRET, 900);
    sockets.push(await connectWs(urls[0]!, await tokens.sign({ id: alice!, role: 'shopper' })));
    sockets.push(await connectWs(urls[1]!, await tokens.sign({ id: bob!, role: 'shopper' })));
    await Promise.all(sockets.map((socket) => socket.next((m) => m.type === 'hello')));

    pipeline = await startEventPipeline({
      connection: bullConnection(s.config.REDIS_URL), prefix, knex: s.knex, redis: s.redis, logger: s.logger,
      stockLowThreshold: 0, relayIntervalMs: 50,
      relayFilter: (q) => q.where({ aggregate_type: 'drop', aggregate_id: String(dropId) }),
    });
    // What the drop-lifecycle workflow does at the start time.
    await s.knex.transaction(async (trx) => {
      await trx('drops').where({ id: dropId }).update({ status: 'live' });
      await recordEvent(trx, { type: 'drop.live', aggregateType: 'drop', aggregateId: dropId, payload: { dropId, creatorId, productId, from: 'scheduled', to: 'live', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() } });
    });

    const [a, b] = await Promise.all(sockets.map((socket) => socket.next((m) => m.type === 'drop_started', 20_000)));
    expect(a).toMatchObject({ type: 'drop_started', dropId, creatorId, productId, title: 'Two gateway drop' });
    expect(b).toMatchObject({ type: 'drop_started', dropId });
    // Each gateway delivered only to its own socket, exactly once.
    expect(sockets.map((socket) => socket.messages.filter((m) => m.type === 'drop_started').length)).toEqual([1, 1]);
  }, 30_000);
});
