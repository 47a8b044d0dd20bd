import { startGateway, type GatewayHarness } from './support/gateway-harness';

describe('gateway harness', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  it('serves the real app and creates users of each role with working tokens', async () => {
    for (const role of ['shopper', 'creator', 'ops'] as const) {
      const { user, token } = await h.createUser(role);
      expect(user.role).toBe(role);
      const row = await h.knex('users').where({ id: user.id }).first();
      expect(row.email).toBe(user.email);
      const me = await h.request.get('/v1/me').set(h.auth(token)).expect(200);
      expect(me.body.user).toMatchObject({ id: user.id, role });
    }
  });
});
