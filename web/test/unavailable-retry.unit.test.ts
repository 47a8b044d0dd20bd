import createClient from 'openapi-fetch';
import { retryDelayMs, unavailableRetryMiddleware } from '../src/lib/api/unavailable-retry';

const unavailable = (retryAfter = '1') => new Response(JSON.stringify({ error: { code: 'mysql_unavailable', message: 'retry' } }),
  { status: 503, headers: { 'content-type': 'application/json', 'retry-after': retryAfter } });
const ok = () => new Response(JSON.stringify({ ok: true }), { status: 200, headers: { 'content-type': 'application/json' } });

describe('the web client rides out a dependency restart (503 + Retry-After)', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => { globalThis.fetch = realFetch; });

  /** A client whose requests hit a gateway answering `answers` in turn; records every call and every wait. */
  function clientWith(answers: (() => Response)[]) {
    const calls: { method: string; key: string | null }[] = [];
    const waits: number[] = [];
    const fake = async (input: RequestInfo | URL, init?: RequestInit) => {
      const req = input instanceof Request ? input : new Request(input, init);
      calls.push({ method: req.method, key: req.headers.get('idempotency-key') });
      return (answers.shift() ?? ok)();
    };
    globalThis.fetch = fake as typeof fetch;
    const client = createClient<Record<string, never>>({ baseUrl: 'http://gateway.test', fetch: fake });
    client.use(unavailableRetryMiddleware(async (ms) => { waits.push(ms); }));
    return { client, calls, waits };
  }

  it('retries a read after the time the server asks for, then shows the answer', async () => {
    const { client, calls, waits } = clientWith([() => unavailable('2'), () => unavailable('2'), ok]);
    const res = await (client as unknown as { GET: (p: string) => Promise<{ response: Response }> }).GET('/v1/drops/1/queue/me');
    expect(res.response.status).toBe(200);
    expect(calls).toHaveLength(3);
    expect(waits.every((ms) => ms >= 1600 && ms <= 2400)).toBe(true);
  });

  it('retries an order with its Idempotency-Key (the same key every time), never a plain POST', async () => {
    const order = clientWith([unavailable, ok]);
    const post = (c: unknown, headers: Record<string, string>) =>
      (c as { POST: (p: string, o: unknown) => Promise<{ response: Response }> }).POST('/v1/drops/1/orders', { body: { quantity: 1 }, headers });
    expect((await post(order.client, { 'Idempotency-Key': 'attempt-1' })).response.status).toBe(200);
    expect(order.calls.map((c) => c.key)).toEqual(['attempt-1', 'attempt-1']);

    const signup = clientWith([unavailable, ok]);
    expect((await post(signup.client, {})).response.status).toBe(503);
    expect(signup.calls).toHaveLength(1);
  });

  it('gives up after a few attempts and hands the 503 to the page', async () => {
    const { client, calls } = clientWith(Array.from({ length: 10 }, () => () => unavailable('0')));
    const res = await (client as unknown as { GET: (p: string) => Promise<{ response: Response }> }).GET('/v1/me');
    expect(res.response.status).toBe(503);
    expect(calls).toHaveLength(5);
  });

  it('waits Retry-After seconds (capped), else 0.5 s doubling, with ±20 % jitter', () => {
    expect(retryDelayMs('3', 0, () => 0.5)).toBe(3000);
    expect(retryDelayMs('600', 0, () => 0.5)).toBe(8000);
    expect(retryDelayMs(null, 0, () => 0.5)).toBe(500);
    expect(retryDelayMs(null, 2, () => 0.5)).toBe(2000);
    expect(retryDelayMs('2', 0, () => 0)).toBe(1600);
    expect(retryDelayMs('2', 0, () => 1)).toBe(2400);
  });
});
