import { globalKeys } from '@livedrop/common';
import { consumeRateLimit } from '../src/rate-limit';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';

describe('GCRA rate limiter in Redis', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const keys: string[] = [];
  const newKey = () => { const k = globalKeys.rateLimit('test', `k-${uniqueSuffix()}`); keys.push(k); return k; };
  beforeAll(async () => { services = await connectTestServices(); });
  afterAll(async () => {
    await services.redis.del(keys);
    await services.close();
  });

  it('allows a burst of exactly `limit`, then refuses with a retry hint no longer than one interval', async () => {
    const key = newKey();
    const opts = { limit: 5, windowS: 60 };
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await consumeRateLimit(services.redis, key, opts));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    const refused = decisions[5]!;
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(12_000); // one emission interval = 60 s / 5
  });

  it('keeps counters apart per key and expires them within the window', async () => {
    const [a, b] = [newKey(), newKey()];
    await consumeRateLimit(services.redis, a, { limit: 1, windowS: 30 });
    expect((await consumeRateLimit(services.redis, a, { limit: 1, windowS: 30 })).allowed).toBe(false);
    expect((await consumeRateLimit(services.redis, b, { limit: 1, windowS: 30 })).allowed).toBe(true);
    const ttl = await services.redis.pTTL(a);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_001);
  });

  it('is atomic under concurrency: 50 parallel calls against a limit of 20 admit exactly 20', async () => {
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 50 }, () => consumeRateLimit(services.redis, key, { limit: 20, windowS: 60 })));
    expect(results.filter((r) => r.allowed)).toHaveLength(20);
  });
});
