import { startGateway, type GatewayHarness } from './support/gateway-harness';

describe('GET /v1/me/notifications, POST /v1/me/notifications/:id/read', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  it('pages the caller\'s notifications newest first and marks one read, idempotently', async () => {
    const me = await h.createUser('shopper');
    const other = await h.createUser('shopper');
    const rows = [1, 2, 3].map((i) => ({ user_id: me.user.id, type: 'drop_started', drop_id: null, dedupe_key: `drop_started:t${i}`, payload: JSON.stringify({ n: i }) }));
    await h.knex('notifications').insert([...rows, { ...rows[0]!, user_id: other.user.id }]);

    const first = await h.request.get('/v1/me/notifications?limit=2').set(h.auth(me.token)).expect(200);
    expect(first.body.items.map((n: { payload: { n: number } }) => n.payload.n)).toEqual([3, 2]);
    const second = await h.request.get('/v1/me/notifications').query({ limit: 2, cursor: first.body.nextCursor }).set(h.auth(me.token)).expect(200);
    expect(second.body.items.map((n: { payload: { n: number } }) => n.payload.n)).toEqual([1]);
    expect(second.body.nextCursor).toBeNull();

    const id = first.body.items[0].id as number;
    const read = await h.request.post(`/v1/me/notifications/${id}/read`).set(h.auth(me.token)).expect(200);
    expect(read.body.notification.readAt).toEqual(expect.any(String));
    const again = await h.request.post(`/v1/me/notifications/${id}/read`).set(h.auth(me.token)).expect(200);
    expect(again.body.notification.readAt).toBe(read.body.notification.readAt);
    // Someone else's notification does not exist for you.
    expect((await h.request.post(`/v1/me/notifications/${id}/read`).set(h.auth(other.token)).expect(404)).body.error.code).toBe('notification_not_found');
  });

  it('needs a token and valid input', async () => {
    await h.request.get('/v1/me/notifications').expect(401);
    const { token } = await h.createUser('shopper');
    await h.request.post('/v1/me/notifications/abc/read').set(h.auth(token)).expect(400);
    await h.request.get('/v1/me/notifications?limit=0').set(h.auth(token)).expect(400);
    expect((await h.request.get('/v1/me/notifications?cursor=zzz').set(h.auth(token)).expect(400)).body.error.code).toBe('invalid_cursor');
  });
});
