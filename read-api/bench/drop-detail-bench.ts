// Cached drop-detail reads at a fixed 5,000 req/s: straight to read-api, then through the gateway proxy, then a bare
// node:http hello-world with the same generator config (the measurement floor of this box).
// Usage: npx tsx read-api/bench/drop-detail-bench.ts [durationSeconds=10] [rate=5000]
import { createHash, randomBytes } from 'node:crypto';
import { inventoryKeys } from '@livedrop/common';
import { openBenchDatabase, startService, type Service } from '../../gateway/bench/bench-env';
import { pacedGet } from './paced-get';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (o: Record<string, unknown>) => Promise<{
  requests: { average: number }; latency: { p50: number; p90: number; p99: number; max: number }; non2xx: number; errors: number; timeouts: number;
  '2xx': number;
}>;

async function main() {
  const duration = Number(process.argv[2] ?? 10);
  const rate = Number(process.argv[3] ?? 5000);
  const db = await openBenchDatabase();
  const services: Service[] = [];
  let dropId = 0;
  try {
    const [creator] = await db.knex('users').insert({ email: `bench-creator-${randomBytes(4).toString('hex')}@bench.livedrop.dev`, password_hash: 'x', display_name: 'bench creator', role: 'creator' });
    const [product] = await db.knex('products').insert({ creator_id: creator, title: 'Bench product', description: 'x', price_minor: 100, currency: 'EUR', media_urls: '["https://cdn.example/a.jpg"]' });
    const seed = randomBytes(32).toString('hex');
    const now = Date.now();
    [dropId] = (await db.knex('drops').insert({
      product_id: product, creator_id: creator, prequeue_opens_at: new Date(now - 7_200_000), starts_at: new Date(now - 60_000),
      ends_at: new Date(now + 3_600_000), total_stock: 1000, status: 'live', seed, seed_hash: createHash('sha256').update(seed).digest('hex'),
    })).map(Number) as [number];
    await db.redis.set(inventoryKeys(dropId).stock, '987');

    const env = { MYSQL_URL: db.mysqlUrl };
    const readApi = await startService('read-api/src/main.ts', 'READ_API_PORT', env);
    services.push(readApi);
    const gateway = await startService('gateway/src/main.ts', 'GATEWAY_PORT', { ...env, READ_API_URL: readApi.url });
    services.push(gateway);

    // Calibration: a bare node:http hello-world driven by the identical generator config in the same run shows the
    // floor this box and autocannon can measure (its p99 is not 0 ms on a shared 2-core machine).
    const hello = await startService('waiting-room/bench/hello-server.ts', 'PORT', {});
    services.push(hello);

    for (const [name, base] of [['read-api', readApi.url], ['gateway → read-api', gateway.url], ['hello-world (floor)', hello.url]] as const) {
      const url = name.startsWith('hello') ? `${base}/` : `${base}/v1/catalog/drops/${dropId}`;
      await autocannon({ url, connections: 20, duration: 2 }); // warm the cache, JIT and keep-alive pools
      const r = await autocannon({ url, connections: 64, duration, overallRate: rate });
      console.log(`${name.padEnd(19)} GET ${name.startsWith('hello') ? '/ (node:http)       ' : '/v1/catalog/drops/:id'}  target ${rate} req/s for ${duration}s: ` +
        `${Math.round(r.requests.average)} req/s, latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
        `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`);
      // Machine-readable line for loadtest/bench (the orchestrator of every benchmark).
      console.log(`RESULT ${JSON.stringify({ name: name === 'read-api' ? 'reads-direct' : name.startsWith('hello') ? 'reads-floor' : 'reads', rate, durationS: duration,
        rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx, errors: r.errors })}`);
      // The same rate evenly paced (open loop, latency from each request's intended send time): see paced-get.ts.
      const p = await pacedGet({ url, rate, durationS: duration, connections: 64 });
      console.log(`${''.padEnd(19)} evenly paced ${rate} req/s (open loop, 64 conns): ${p.rps} req/s, p50 ${p.p50} ms, p90 ${p.p90} ms, p99 ${p.p99} ms, ` +
        `max ${p.max} ms, non-2xx ${p.non2xx}, errors ${p.errors}`);
      console.log(`RESULT ${JSON.stringify({ name: `${name === 'read-api' ? 'reads-direct' : name.startsWith('hello') ? 'reads-floor' : 'reads'}-paced`, rate, durationS: duration, ...p })}`);
    }
  } finally {
    for (const s of services.reverse()) await s.stop();
    if (dropId) {
      await db.knex('drops').where({ id: dropId }).update({ status: 'ended' });
      await db.redis.del(inventoryKeys(dropId).stock);
    }
    await db.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
