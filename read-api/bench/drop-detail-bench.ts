// Cached drop-detail reads at a fixed 5,000 req/s: straight to read-api, then through the gateway proxy.
// Usage: npx tsx read-api/bench/drop-detail-bench.ts [durationSeconds=10] [rate=5000]
import { createHash, randomBytes } from 'node:crypto';
import { dropKeys } from '@livedrop/common';
import { openBenchDatabase, startService, type Service } from '../../gateway/bench/bench-env';
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
    await db.redis.set(dropKeys(dropId).stock, '987');

    const env = { MYSQL_URL: db.mysqlUrl };
    const readApi = await startService('read-api/src/main.ts', 'READ_API_PORT', env);
    services.push(readApi);
    const gateway = await startService('gateway/src/main.ts', 'GATEWAY_PORT', { ...env, READ_API_URL: readApi.url });
    services.push(gateway);

    for (const [name, base] of [['read-api', readApi.url], ['gateway → read-api', gateway.url]] as const) {
      const url = `${base}/v1/catalog/drops/${dropId}`;
      await autocannon({ url, connections: 20, duration: 2 }); // warm the cache, JIT and keep-alive pools
      const r = await autocannon({ url, connections: 64, duration, overallRate: rate });
      console.log(`${name.padEnd(18)} GET /v1/catalog/drops/:id  target ${rate} req/s for ${duration}s: ` +
        `${Math.round(r.requests.average)} req/s, latency p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ` +
        `non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}`);
      // Machine-readable line for loadtest/bench (the orchestrator of every benchmark).
      console.log(`RESULT ${JSON.stringify({ name: name === 'read-api' ? 'reads-direct' : 'reads', rate, durationS: duration,
        rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, non2xx: r.non2xx, errors: r.errors })}`);
    }
  } finally {
    for (const s of services.reverse()) await s.stop();
    if (dropId) {
      await db.knex('drops').where({ id: dropId }).update({ status: 'ended' });
      await db.redis.del(dropKeys(dropId).stock);
    }
    await db.close();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
