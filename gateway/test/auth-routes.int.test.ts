import { request } from 'node:http';
import { SignJWT } from 'jose';
import { createAccessTokens } from '../src/auth/access-token';
import { HARNESS_PASSWORD, startGateway, type GatewayHarness } from './support/gateway-harness';
import { uniqueSuffix } from '../../test/support/test-env';

const PASSWORD = 'a-long-enough-password';
const newEmail = () => `auth-${uniqueSuffix()}@test.livedrop.dev`;

describe('auth routes', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  const signup = (body: object) => h.request.post('/v1/auth/signup').send(body);
  const countUsers = async (email: string) => Number((await h.knex('users').where({ email }).count({ n: '*' }).first())?.n);

  describe('POST /v1/auth/signup', () => {
    it('creates a shopper, returns working tokens and records user.created', async () => {
      const email = newEmail();
      const res = await signup({ email, password: PASSWORD, displayName: 'Ann', role: 'shopper' }).expect(201);
      expect(res.body).toMatchObject({ user: { email, displayName: 'Ann', role: 'shopper' }, tokenType: 'Bearer' });
      const row = await h.knex('users').where({ email }).first();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const me = await h.request.get('/v1/me').set(h.auth(res.body.accessToken)).expect(200);
      expect(me.body.user).toEqual(res.body.user);
      const events = await h.knex('outbox_events').where({ type: 'user.created', aggregate_id: String(row.id) });
      expect(events).toHaveLength(1);
    });

    it('rejects a duplicate email, case-insensitively, with 409 email_taken', async () => {
      const email = newEmail();
      await signup({ email, password: PASSWORD, displayName: 'One', role: 'creator' }).expect(201);
      const res = await signup({ email: email.toUpperCase(), password: PASSWORD, displayName: 'Two', role: 'shopper' }).expect(409);
      expect(res.body.error.code).toBe('email_taken');
      expect(await countUsers(email)).toBe(1);
    });

    it.each([
      ['ops cannot self-register', { role: 'ops' }],
      ['short password', { password: 'short' }],
      ['bad email', { email: 'not-an-email' }],
      ['wrong type', { displayName: 42 }],
      ['unknown field', { isAdmin: true }],
    ])('400 validation_failed: %s, and creates nothing', async (_name, override) => {
      const email = newEmail();
      const res = await signup({ email, password: PASSWORD, displayName: 'X', role: 'shopper', ...override }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(await countUsers(email)).toBe(0);
    });

    it('400 malformed_json for a broken body', async () => {
      const res = await h.request.post('/v1/auth/signup').set('content-type', 'application/json').send('{"email": ').expect(400);
      expect(res.body.error.code).toBe('malformed_json');
    });

    it('400 malformed_body for a body that claims gzip but is not (was a 500), creating nothing', async () => {
      const email = newEmail();
      const res = await h.request.post('/v1/auth/signup').set('content-type', 'application/json').set('content-encoding', 'gzip')
        .send(JSON.stringify({ email, password: PASSWORD, displayName: 'X', role: 'shopper' })).expect(400);
      expect(res.body.error.code).toBe('malformed_body');
      expect(await countUsers(email)).toBe(0);
    });
  });

  describe('POST /v1/auth/login', () => {
    it('signs in with the right password', async () => {
      const { user } = await h.createUser('creator');
      const res = await h.request.post('/v1/auth/login').send({ email: user.email, password: HARNESS_PASSWORD }).expect(200);
      expect(res.body.user).toMatchObject({ id: user.id, role: 'creator' });
      await h.request.get('/v1/me').set(h.auth(res.body.accessToken)).expect(200);
    });

    it('answers wrong password and unknown email identically (no user enumeration)', async () => {
      const { user } = await h.createUser('shopper');
      const wrong = await h.request.post('/v1/auth/login').send({ email: user.email, password: 'wrong-password-123' }).expect(401);
      const unknown = await h.request.post('/v1/auth/login').send({ email: newEmail(), password: 'wrong-password-123' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.error.code).toBe('invalid_credentials');
    });
  });

  describe('refresh tokens', () => {
    const login = async () => {
      const { user } = await h.createUser('shopper');
      return (await h.request.post('/v1/auth/login').send({ email: user.email, password: HARNESS_PASSWORD }).expect(200)).body;
    };
    const refresh = (refreshToken: string) => h.request.post('/v1/auth/refresh').send({ refreshToken });

    it('rotates: each refresh returns a new pair and marks the old token used', async () => {
      const first = await login();
      const second = (await refresh(first.refreshToken).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await h.request.get('/v1/me').set(h.auth(second.accessToken)).expect(200);
      const third = (await refresh(second.refreshToken).expect(200)).body;
      expect(third.refreshToken).not.toBe(second.refreshToken);
      const rows = await h.knex('refresh_tokens').where({ user_id: first.user.id }).orderBy('created_at');
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
      expect(rows.filter((r) => r.used_at)).toHaveLength(2);
    });

    it('detects reuse of a used token: 401 refresh_token_reused and the whole family is revoked', async () => {
      const first = await login();
      const second = (await refresh(first.refreshToken).expect(200)).body;
      const reuse = await refresh(first.refreshToken).expect(401);
      expect(reuse.body.error.code).toBe('refresh_token_reused');
      // The legitimate holder's newer token dies with the family.
      const after = await refresh(second.refreshToken).expect(401);
      expect(after.body.error.code).toBe('refresh_token_revoked');
      const live = await h.knex('refresh_tokens').where({ user_id: first.user.id }).whereNull('revoked_at');
      expect(live).toHaveLength(0);
    });

    it('logout revokes the family', async () => {
      const first = await login();
      const second = (await refresh(first.refreshToken).expect(200)).body;
      await h.request.post('/v1/auth/logout').send({ refreshToken: second.refreshToken }).expect(204);
      expect((await refresh(second.refreshToken).expect(401)).body.error.code).toBe('refresh_token_revoked');
    });

    it('rejects an access token, a forged token and garbage as refresh tokens', async () => {
      const { accessToken } = await login();
      for (const token of [accessToken, 'garbage', `${accessToken.slice(0, -4)}AAAA`]) {
        expect((await refresh(token).expect(401)).body.error.code).toBe('invalid_refresh_token');
      }
      expect((await h.request.post('/v1/auth/refresh').send({}).expect(400)).body.error.code).toBe('validation_failed');
    });
  });

  describe('GET /v1/me access-token checks', () => {
    it('401 missing_token without Authorization', async () => {
      expect((await h.request.get('/v1/me').expect(401)).body.error.code).toBe('missing_token');
    });

    it('401 token_expired for an expired JWT', async () => {
      const { user } = await h.createUser('shopper');
      const expired = await createAccessTokens(h.config.JWT_SECRET, -60).sign(user);
      expect((await h.request.get('/v1/me').set(h.auth(expired)).expect(401)).body.error.code).toBe('token_expired');
    });

    it('401 invalid_token for a JWT signed with another secret', async () => {
      const { user } = await h.createUser('ops');
      const forged = await createAccessTokens('x'.repeat(40), 900).sign(user);
      expect((await h.request.get('/v1/me').set(h.auth(forged)).expect(401)).body.error.code).toBe('invalid_token');
    });

    it('401 for alg none and for an HS256 token missing typ=access', async () => {
      const { user } = await h.createUser('shopper');
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const claims = { sub: String(user.id), role: 'ops', typ: 'access', iss: 'livedrop', aud: 'livedrop-api', exp: Math.floor(Date.now() / 1000) + 600 };
      for (const none of [`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`, `${b64({ alg: 'none' })}.${b64(claims)}.x`]) {
        expect((await h.request.get('/v1/me').set(h.auth(none)).expect(401)).body.error.code).toMatch(/^(missing|invalid)_token$/);
      }
      const noTyp = await new SignJWT({ role: 'shopper' }).setProtectedHeader({ alg: 'HS256' }).setSubject(String(user.id))
        .setIssuer('livedrop').setAudience('livedrop-api').setExpirationTime('5m').sign(new TextEncoder().encode(h.config.JWT_SECRET));
      expect((await h.request.get('/v1/me').set(h.auth(noTyp)).expect(401)).body.error.code).toBe('invalid_token');
    });
  });
});

const randomIp = (): string => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250)).join('.')}`;

describe('auth rate limit (per IP, shared by every auth route)', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway({ config: { RATE_LIMIT_AUTH_PER_IP_PER_MIN: '3', TRUST_PROXY: 'loopback' } }); });
  afterAll(async () => { await h.close(); });

  it('answers 429 rate_limited with Retry-After once the budget is spent, and changes nothing', async () => {
    // This gateway trusts X-Forwarded-For from loopback (TRUST_PROXY), so each run limits its own fake client IPs.
    const ip = randomIp();
    const otherIp = randomIp();
    const emails = [newEmail(), newEmail(), newEmail(), newEmail()];
    try {
      for (const email of emails.slice(0, 3)) {
        await h.request.post('/v1/auth/signup').set('x-forwarded-for', ip)
          .send({ email, password: PASSWORD, displayName: 'R', role: 'shopper' }).expect(201);
      }
      const limited = await h.request.post('/v1/auth/signup').set('x-forwarded-for', ip)
        .send({ email: emails[3], password: PASSWORD, displayName: 'R', role: 'shopper' }).expect(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await h.knex('users').where({ email: emails[3] }).first()).toBeUndefined();
      // Login shares the budget; another client IP is unaffected.
      await h.request.post('/v1/auth/login').set('x-forwarded-for', ip).send({ email: emails[0], password: PASSWORD }).expect(429);
      await h.request.post('/v1/auth/login').set('x-forwarded-for', otherIp)
        .send({ email: emails[0], password: PASSWORD }).expect(200);
    } finally {
      await h.redis.del([`ratelimit:auth:ip:${ip}`, `ratelimit:auth:ip:${otherIp}`]);
    }
  });
});

describe('X-Forwarded-For without TRUST_PROXY', () => {
  let h: GatewayHarness;
  // A loopback source address of its own, so no other test's requests share this client's budget.
  const source = `127.${[0, 0, 0].map(() => 1 + Math.floor(Math.random() * 250)).join('.')}`;
  beforeAll(async () => { h = await startGateway({ config: { RATE_LIMIT_AUTH_PER_IP_PER_MIN: '2', RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR: '0' } }); });
  afterAll(async () => {
    await h.redis.del(`ratelimit:auth:ip:${source}`);
    await h.close();
  });

  /** POST /v1/auth/login from `source`, claiming another client address in X-Forwarded-For. */
  const loginFrom = (body: object, forwardedFor: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
    const data = JSON.stringify(body);
    const out = request(`${h.url}/v1/auth/login`, {
      method: 'POST', localAddress: source,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), 'x-forwarded-for': forwardedFor },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    out.on('error', reject);
    out.end(data);
  });

  it('is ignored: a client cannot escape the per-IP limit by naming another address', async () => {
    const { user } = await h.createUser('shopper');
    const body = { email: user.email, password: HARNESS_PASSWORD };
    expect((await loginFrom(body, randomIp())).status).toBe(200);
    expect((await loginFrom(body, randomIp())).status).toBe(200);
    const limited = await loginFrom(body, randomIp());
    expect(limited.status).toBe(429);
    expect(JSON.parse(limited.body).error.code).toBe('rate_limited');
    expect(await h.redis.exists(`ratelimit:auth:ip:${source}`)).toBe(1);
  });
});

describe('sign-up rate limit (per IP, on top of the auth budget)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGateway({ config: { RATE_LIMIT_AUTH_PER_IP_PER_MIN: '100', RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR: '2', TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => { await h.close(); });

  it('refuses the third account from one address within the hour, while that address can still log in', async () => {
    const ip = randomIp();
    const emails = [newEmail(), newEmail(), newEmail()];
    try {
      for (const email of emails.slice(0, 2)) {
        await h.request.post('/v1/auth/signup').set('x-forwarded-for', ip)
          .send({ email, password: PASSWORD, displayName: 'S', role: 'shopper' }).expect(201);
      }
      const limited = await h.request.post('/v1/auth/signup').set('x-forwarded-for', ip)
        .send({ email: emails[2], password: PASSWORD, displayName: 'S', role: 'shopper' }).expect(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(await h.knex('users').where({ email: emails[2] }).first()).toBeUndefined();
      await h.request.post('/v1/auth/login').set('x-forwarded-for', ip).send({ email: emails[0], password: PASSWORD }).expect(200);
    } finally {
      await h.redis.del([`ratelimit:auth:ip:${ip}`, `ratelimit:signup:ip:${ip}`]);
    }
  });
});

describe('sign-up email limits (a schemathesis finding)', () => {
  let h: GatewayHarness;
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await h.close(); });

  it('refuses a local part over 64 characters or a domain label over 63, as the documented email format says', async () => {
    const long = `${'a'.repeat(65)}@test.livedrop.dev`;
    const label = `ok-${uniqueSuffix()}@${'b'.repeat(64)}.dev`;
    for (const email of [long, label]) {
      const res = await h.request.post('/v1/auth/signup').send({ email, password: PASSWORD, displayName: 'L', role: 'shopper' }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(await h.knex('users').where({ email }).first()).toBeUndefined();
    }
    await h.request.post('/v1/auth/signup')
      .send({ email: `${'a'.repeat(56)}${uniqueSuffix()}@test.livedrop.dev`, password: PASSWORD, displayName: 'L', role: 'shopper' }).expect(201);
  });
});
