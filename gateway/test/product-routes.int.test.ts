import { startGateway, type GatewayHarness } from './support/gateway-harness';

const valid = {
  title: 'Limited hoodie',
  description: 'Heavyweight cotton',
  priceMinor: 5900,
  currency: 'EUR',
  mediaUrls: ['https://cdn.example.com/hoodie-front.jpg'],
};

describe('product routes', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  const create = (token: string, body: object = valid) => h.request.post('/v1/products').set(h.auth(token)).send(body);
  const productsOf = (creatorId: number) => h.knex('products').where({ creator_id: creatorId });
  const eventsFor = (type: string, productId: number) => h.knex('outbox_events').where({ type, aggregate_type: 'product', aggregate_id: String(productId) });

  it('a creator creates a product and reads it back; product.created is recorded', async () => {
    const { user, token } = await h.createUser('creator');
    const res = await create(token).expect(201);
    expect(res.body).toMatchObject({ ...valid, creatorId: user.id });
    const got = await h.request.get(`/v1/products/${res.body.id}`).set(h.auth(token)).expect(200);
    expect(got.body).toEqual(res.body);
    expect(await eventsFor('product.created', res.body.id)).toHaveLength(1);
  });

  it('defaults description and mediaUrls', async () => {
    const { token } = await h.createUser('creator');
    const res = await create(token, { title: 'Pin', priceMinor: 500, currency: 'USD' }).expect(201);
    expect(res.body).toMatchObject({ description: '', mediaUrls: [] });
  });

  it('403 wrong_role for shoppers and ops, 401 without a token; nothing stored', async () => {
    for (const role of ['shopper', 'ops'] as const) {
      const { user, token } = await h.createUser(role);
      expect((await create(token).expect(403)).body.error.code).toBe('wrong_role');
      expect(await productsOf(user.id)).toHaveLength(0);
    }
    expect((await h.request.post('/v1/products').send(valid).expect(401)).body.error.code).toBe('missing_token');
  });

  it.each([
    ['zero price', { priceMinor: 0 }],
    ['fractional price', { priceMinor: 12.5 }],
    ['price as string', { priceMinor: '5900' }],
    ['lowercase currency', { currency: 'eur' }],
    ['4-letter currency', { currency: 'EURO' }],
    ['http media url', { mediaUrls: ['http://cdn.example.com/a.jpg'] }],
    ['not a url', { mediaUrls: ['hoodie.jpg'] }],
    ['11 media urls', { mediaUrls: Array.from({ length: 11 }, (_, i) => `https://cdn.example.com/${i}.jpg`) }],
    ['empty title', { title: '   ' }],
    ['unknown field', { stock: 10 }],
  ])('400 validation_failed: %s, nothing stored', async (_name, override) => {
    const { user, token } = await h.createUser('creator');
    expect((await create(token, { ...valid, ...override }).expect(400)).body.error.code).toBe('validation_failed');
    expect(await productsOf(user.id)).toHaveLength(0);
  });

  it('400 malformed_json', async () => {
    const { token } = await h.createUser('creator');
    const res = await h.request.post('/v1/products').set(h.auth(token)).set('content-type', 'application/json').send('{"title":').expect(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('the owner edits a product; product.updated names the fields', async () => {
    const { token } = await h.createUser('creator');
    const { body: product } = await create(token).expect(201);
    const res = await h.request.patch(`/v1/products/${product.id}`).set(h.auth(token)).send({ priceMinor: 4900, title: 'Hoodie v2' }).expect(200);
    expect(res.body).toMatchObject({ ...valid, priceMinor: 4900, title: 'Hoodie v2' });
    const [event] = await eventsFor('product.updated', product.id);
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload.fields.sort()).toEqual(['priceMinor', 'title']);
    expect((await h.request.patch(`/v1/products/${product.id}`).set(h.auth(token)).send({}).expect(400)).body.error.code).toBe('validation_failed');
    expect((await h.request.patch(`/v1/products/${product.id}`).set(h.auth(token)).send({ currency: 'x' }).expect(400)).body.error.code).toBe('validation_failed');
  });

  it("another creator's product is 404 product_not_found for read, edit and delete, and stays unchanged", async () => {
    const owner = await h.createUser('creator');
    const intruder = await h.createUser('creator');
    const { body: product } = await create(owner.token).expect(201);
    const as = (method: 'get' | 'patch' | 'delete') => h.request[method](`/v1/products/${product.id}`).set(h.auth(intruder.token));
    expect((await as('get').expect(404)).body.error.code).toBe('product_not_found');
    expect((await as('patch').send({ title: 'pwned' }).expect(404)).body.error.code).toBe('product_not_found');
    expect((await as('delete').expect(404)).body.error.code).toBe('product_not_found');
    const row = await h.knex('products').where({ id: product.id }).first();
    expect(row).toMatchObject({ title: valid.title, deleted_at: null });
    const shopper = await h.createUser('shopper');
    expect((await h.request.patch(`/v1/products/${product.id}`).set(h.auth(shopper.token)).send({ title: 'x' }).expect(403)).body.error.code).toBe('wrong_role');
  });

  it('soft-deletes: row kept with deleted_at, then 404 everywhere; product.deleted recorded', async () => {
    const { token } = await h.createUser('creator');
    const { body: product } = await create(token).expect(201);
    await h.request.delete(`/v1/products/${product.id}`).set(h.auth(token)).expect(204);
    const row = await h.knex('products').where({ id: product.id }).first();
    expect(row.deleted_at).not.toBeNull();
    await h.request.get(`/v1/products/${product.id}`).set(h.auth(token)).expect(404);
    await h.request.patch(`/v1/products/${product.id}`).set(h.auth(token)).send({ title: 'back' }).expect(404);
    await h.request.delete(`/v1/products/${product.id}`).set(h.auth(token)).expect(404);
    expect(await eventsFor('product.deleted', product.id)).toHaveLength(1);
  });

  it.each(['scheduled', 'sold_out'])('refuses to delete a product with a %s drop (409), keeping it', async (status) => {
    const { user, token } = await h.createUser('creator');
    const { body: product } = await create(token).expect(201);
    const now = Date.now();
    const [dropId] = await h.knex('drops').insert({
      product_id: product.id, creator_id: user.id, prequeue_opens_at: new Date(now + 3_600_000),
      starts_at: new Date(now + 7_200_000), ends_at: new Date(now + 10_800_000), total_stock: 10, seed_hash: 'x'.repeat(64), status,
    });
    try {
      expect((await h.request.delete(`/v1/products/${product.id}`).set(h.auth(token)).expect(409)).body.error.code).toBe('product_has_active_drop');
      expect((await h.knex('products').where({ id: product.id }).first()).deleted_at).toBeNull();
    } finally {
      await h.knex('drops').where({ id: dropId }).delete();
    }
  });

  it('400 malformed_path for broken percent-encoding in an id (was a 500), changing nothing', async () => {
    const { user, token } = await h.createUser('creator');
    expect((await h.request.get('/v1/products/%E0%A4%A').set(h.auth(token)).expect(400)).body.error.code).toBe('malformed_path');
    expect((await h.request.patch('/v1/products/%ZZ').set(h.auth(token)).send({ title: 'x' }).expect(400)).body.error.code).toBe('malformed_path');
    expect(await productsOf(user.id)).toHaveLength(0);
  });

  it('lists only your live products, paged newest first', async () => {
    const { token } = await h.createUser('creator');
    const other = await h.createUser('creator');
    await create(other.token).expect(201);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create(token, { ...valid, title: `P${i}` }).expect(201)).body.id);
    await h.request.delete(`/v1/products/${ids[1]}`).set(h.auth(token)).expect(204);
    const first = await h.request.get('/v1/me/products').query({ limit: 1 }).set(h.auth(token)).expect(200);
    expect(first.body.items.map((p: { id: number }) => p.id)).toEqual([ids[2]]);
    const second = await h.request.get('/v1/me/products').query({ limit: 1, cursor: first.body.nextCursor }).set(h.auth(token)).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0], title: 'P0' })], nextCursor: null });
  });

  it('400 for a non-numeric product id', async () => {
    const { token } = await h.createUser('creator');
    expect((await h.request.get('/v1/products/abc').set(h.auth(token)).expect(400)).body.error.code).toBe('validation_failed');
  });
});

describe('product write rate limit (per user)', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway({ config: { RATE_LIMIT_WRITES_PER_USER_PER_MIN: '2' } }); });
  afterAll(async () => { await h.close(); });

  it('429 rate_limited once spent; the limited request creates nothing', async () => {
    const { user, token } = await h.createUser('creator');
    try {
      await h.request.post('/v1/products').set(h.auth(token)).send(valid).expect(201);
      await h.request.post('/v1/products').set(h.auth(token)).send(valid).expect(201);
      const res = await h.request.post('/v1/products').set(h.auth(token)).send(valid).expect(429);
      expect(res.body.error.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await h.knex('products').where({ creator_id: user.id })).toHaveLength(2);
    } finally {
      await h.redis.del(`ratelimit:product-writes:user:${user.id}`);
    }
  });
});
