import { startGateway, type GatewayHarness } from './support/gateway-harness';

describe('follow routes', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  const follow = (creatorId: number | string, token: string) => h.request.put(`/v1/creators/${creatorId}/follow`).set(h.auth(token));
  const unfollow = (creatorId: number, token: string) => h.request.delete(`/v1/creators/${creatorId}/follow`).set(h.auth(token));
  const count = async (creatorId: number) =>
    (await h.request.get(`/v1/creators/${creatorId}/follower-count`).expect(200)).body.followerCount as number;
  const events = (type: string, creatorId: number, followerId: number) =>
    h.knex('outbox_events').where({ type, aggregate_id: String(creatorId) })
      .then((rows) => rows.filter((r) => JSON.parse(typeof r.payload === 'string' ? r.payload : JSON.stringify(r.payload)).followerId === followerId));

  it('follow is idempotent: twice → 204, one row, one follow.created event', async () => {
    const { user: creator } = await h.createUser('creator');
    const { user: shopper, token } = await h.createUser('shopper');
    await follow(creator.id, token).expect(204);
    await follow(creator.id, token).expect(204);
    expect(await count(creator.id)).toBe(1);
    expect(await events('follow.created', creator.id, shopper.id)).toHaveLength(1);
  });

  it('unfollow is idempotent and records follow.deleted once', async () => {
    const { user: creator } = await h.createUser('creator');
    const { user: shopper, token } = await h.createUser('shopper');
    await follow(creator.id, token).expect(204);
    await unfollow(creator.id, token).expect(204);
    await unfollow(creator.id, token).expect(204);
    expect(await count(creator.id)).toBe(0);
    expect(await events('follow.deleted', creator.id, shopper.id)).toHaveLength(1);
  });

  it('refuses non-creators, unknown users and yourself, changing nothing', async () => {
    const { user: otherShopper } = await h.createUser('shopper');
    const { user: creator, token: creatorToken } = await h.createUser('creator');
    const { user: shopper, token } = await h.createUser('shopper');
    expect((await follow(otherShopper.id, token).expect(404)).body.error.code).toBe('creator_not_found');
    expect((await follow(999_999_999, token).expect(404)).body.error.code).toBe('creator_not_found');
    expect((await follow(creator.id, creatorToken).expect(400)).body.error.code).toBe('cannot_follow_self');
    expect((await follow('abc', token).expect(400)).body.error.code).toBe('validation_failed');
    const rows = await h.knex('follows').whereIn('follower_id', [shopper.id, creator.id]);
    expect(rows).toHaveLength(0);
  });

  it('needs a valid access token', async () => {
    const { user: creator } = await h.createUser('creator');
    expect((await h.request.put(`/v1/creators/${creator.id}/follow`).expect(401)).body.error.code).toBe('missing_token');
    expect((await follow(creator.id, 'a.b.c').expect(401)).body.error.code).toBe('invalid_token');
    await h.request.get(`/v1/creators/${creator.id}/followers`).expect(401);
    await h.request.get('/v1/me/follows').expect(401);
  });

  it('pages followers newest first with a keyset cursor, each exactly once', async () => {
    const { user: creator, token } = await h.createUser('creator');
    const followers = [];
    for (let i = 0; i < 5; i++) followers.push(await h.createUser('shopper'));
    for (const f of followers) await follow(creator.id, f.token).expect(204);
    const seen: { userId: number; followedAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query = { limit: 2, ...(cursor ? { cursor } : {}) };
      const res = await h.request.get(`/v1/creators/${creator.id}/followers`).query(query).set(h.auth(token)).expect(200);
      const body = res.body as { items: typeof seen; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((s) => s.userId).sort()).toEqual(followers.map((f) => f.user.id).sort());
    // newest first, ties broken by id descending
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      expect(a.followedAt > b.followedAt || (a.followedAt === b.followedAt && a.userId > b.userId)).toBe(true);
    }
  });

  it('validates paging input', async () => {
    const { user: creator, token } = await h.createUser('creator');
    const list = (q: object) => h.request.get(`/v1/creators/${creator.id}/followers`).query(q).set(h.auth(token));
    expect((await list({ limit: 101 }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await list({ limit: 0 }).expect(400)).body.error.code).toBe('validation_failed');
    expect((await list({ cursor: 'not-a-cursor' }).expect(400)).body.error.code).toBe('invalid_cursor');
    expect((await list({}).expect(200)).body).toEqual({ items: [], nextCursor: null });
    const { user: shopper } = await h.createUser('shopper');
    const { token: opsToken } = await h.createUser('ops');
    await h.request.get(`/v1/creators/${shopper.id}/followers`).set(h.auth(opsToken)).expect(404);
    await h.request.get(`/v1/creators/${shopper.id}/follower-count`).expect(404);
  });

  it('shows a creator\'s followers only to that creator and ops', async () => {
    const { user: creator, token: creatorToken } = await h.createUser('creator');
    const fan = await h.createUser('shopper');
    await follow(creator.id, fan.token).expect(204);
    const list = (token: string) => h.request.get(`/v1/creators/${creator.id}/followers`).set(h.auth(token));
    expect((await list(fan.token).expect(403)).body.error.code).toBe('not_your_followers');
    expect((await list((await h.createUser('creator')).token).expect(403)).body.error.code).toBe('not_your_followers');
    expect((await list(creatorToken).expect(200)).body.items.map((i: { userId: number }) => i.userId)).toEqual([fan.user.id]);
    expect((await list((await h.createUser('ops')).token).expect(200)).body.items).toHaveLength(1);
  });

  it("lists a user's follows", async () => {
    const [c1, c2] = [await h.createUser('creator'), await h.createUser('creator')];
    const { token } = await h.createUser('shopper');
    await follow(c1.user.id, token).expect(204);
    await follow(c2.user.id, token).expect(204);
    const res = await h.request.get('/v1/me/follows').set(h.auth(token)).expect(200);
    expect(res.body.items.map((i: { userId: number }) => i.userId).sort()).toEqual([c1.user.id, c2.user.id].sort());
    expect(res.body.items[0]).toEqual(expect.objectContaining({ displayName: expect.any(String), followedAt: expect.any(String) }));
    expect(res.body.nextCursor).toBeNull();
  });
});

describe('follow write rate limit (per user)', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway({ config: { RATE_LIMIT_WRITES_PER_USER_PER_MIN: '2' } }); });
  afterAll(async () => { await h.close(); });

  it('429 after the budget, the limited follow is not stored, other users are unaffected', async () => {
    const creators = [await h.createUser('creator'), await h.createUser('creator'), await h.createUser('creator')];
    const { user, token } = await h.createUser('shopper');
    const other = await h.createUser('shopper');
    try {
      await h.request.put(`/v1/creators/${creators[0]!.user.id}/follow`).set(h.auth(token)).expect(204);
      await h.request.put(`/v1/creators/${creators[1]!.user.id}/follow`).set(h.auth(token)).expect(204);
      const res = await h.request.put(`/v1/creators/${creators[2]!.user.id}/follow`).set(h.auth(token)).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(res.headers['retry-after']).toBeDefined();
      expect(await h.knex('follows').where({ follower_id: user.id, creator_id: creators[2]!.user.id }).first()).toBeUndefined();
      await h.request.put(`/v1/creators/${creators[2]!.user.id}/follow`).set(h.auth(other.token)).expect(204);
    } finally {
      await h.redis.del([`ratelimit:follow-writes:user:${user.id}`, `ratelimit:follow-writes:user:${other.user.id}`]);
    }
  });
});
