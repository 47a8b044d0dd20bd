import { startGateway, type GatewayHarness } from './support/gateway-harness';

// The public port tells the world ready-or-not; metrics and which dependency failed (with its error text,
// which names hosts and ports) are for the ops role or the ops port only.
describe('ops detail on the public port', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGateway({
      extraDeps: { checks: { redis: () => Promise.resolve('PONG'), mysql: () => Promise.reject(new Error('connect ECONNREFUSED 10.9.8.7:3306')) } },
    });
  });
  afterAll(async () => { await h.close(); });

  it('answers /readyz without dependency detail unless the caller is ops', async () => {
    const anonymous = await h.request.get('/readyz').expect(503);
    expect(anonymous.body).toEqual({ status: 'not_ready' });
    expect(anonymous.text).not.toContain('10.9.8.7');
    const shopper = await h.request.get('/readyz').set(h.auth((await h.createUser('shopper')).token)).expect(503);
    expect(shopper.body).toEqual({ status: 'not_ready' });
    const ops = await h.request.get('/readyz').set(h.auth((await h.createUser('ops')).token)).expect(503);
    expect(ops.body).toEqual({ status: 'not_ready', checks: { redis: 'ok', mysql: 'connect ECONNREFUSED 10.9.8.7:3306' } });
  });

  it('serves /metrics to the ops role only', async () => {
    expect((await h.request.get('/metrics').expect(403)).body.error.code).toBe('ops_only');
    await h.request.get('/metrics').set(h.auth((await h.createUser('creator')).token)).expect(403);
    await h.request.get('/metrics').set(h.auth('not.a.token')).expect(403);
    const ops = await h.request.get('/metrics').set(h.auth((await h.createUser('ops')).token)).expect(200);
    expect(ops.text).toContain('process_cpu_user_seconds_total');
  });
});
