import { SignJWT } from 'jose';
import { AppError, dropKeys } from '@livedrop/common';
import { burnAdmissionToken, createAdmissionTokens } from '../src';
import { connectTestServices, testConfig } from '../../test/support/test-env';

const SECRET = 'test-admission-secret-that-is-at-least-32-chars';
const tokens = createAdmissionTokens(SECRET);
// Drop ids far from real rows: these tests touch only Redis.
const dropId = 900_000_000 + Math.floor(Math.random() * 1_000_000);

async function rejection(p: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, code: err.code };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('admission tokens', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  beforeAll(async () => { services = await connectTestServices(testConfig()); });
  afterAll(async () => {
    const k = dropKeys(dropId);
    await services.redis.del([k.burnedTokens, k.admitted, k.admissionTokens]);
    await services.close();
  });

  it('verifies a genuine token and returns its claims', async () => {
    const token = await tokens.issue({ userId: 7, dropId, ticket: 3, ttlSeconds: 60 });
    const claims = await tokens.verify(token, { userId: 7, dropId });
    expect(claims).toMatchObject({ userId: 7, dropId, ticket: 3, jti: `adm-${dropId}-3` });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('rejects another user (403) and another drop (403)', async () => {
    const token = await tokens.issue({ userId: 7, dropId, ticket: 3 });
    expect(await rejection(tokens.verify(token, { userId: 8, dropId }))).toEqual({ status: 403, code: 'admission_token_wrong_user' });
    expect(await rejection(tokens.verify(token, { userId: 7, dropId: dropId + 1 })))
      .toEqual({ status: 403, code: 'admission_token_wrong_drop' });
  });

  it('rejects an expired token (401)', async () => {
    const token = await tokens.issue({ userId: 7, dropId, ticket: 4, expiresAt: Date.now() - 5000 });
    expect(await rejection(tokens.verify(token, { userId: 7, dropId }))).toEqual({ status: 401, code: 'admission_token_expired' });
  });

  it('rejects tampered, forged and garbage tokens (401)', async () => {
    const token = await tokens.issue({ userId: 7, dropId, ticket: 5 });
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, ticket: 1 })).toString('base64url')}.${s}`;
    const forged = await createAdmissionTokens(`${SECRET}-other`).issue({ userId: 7, dropId, ticket: 5 });
    const noneAlg = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    // An access-style token signed with the right secret but without the admission audience/typ.
    const wrongKind = await new SignJWT({ role: 'shopper' }).setProtectedHeader({ alg: 'HS256' }).setSubject('7')
      .setExpirationTime('1m').sign(new TextEncoder().encode(SECRET));
    for (const bad of [tampered, forged, noneAlg, wrongKind, 'not-a-jwt', '']) {
      expect(await rejection(tokens.verify(bad, { userId: 7, dropId }))).toEqual({ status: 401, code: 'invalid_admission_token' });
    }
  });

  it('burns once: a retry with the same idempotency key is same_key, another key is 409', async () => {
    const { redis } = services;
    const k = dropKeys(dropId);
    await redis.zAdd(k.admitted, { score: Date.now() + 60_000, value: '7' });
    const claims = await tokens.verify(await tokens.issue({ userId: 7, dropId, ticket: 6 }), { userId: 7, dropId });
    expect(await burnAdmissionToken(redis, claims, 'idem-a')).toBe('burned');
    expect(await redis.zScore(k.admitted, '7')).toBeNull(); // the place is freed for the next shopper
    expect(await burnAdmissionToken(redis, claims, 'idem-a')).toBe('same_key');
    expect(await rejection(burnAdmissionToken(redis, claims, 'idem-b'))).toEqual({ status: 409, code: 'admission_token_used' });
    // A re-issued token for the same admission carries the same jti, so it is spent too.
    const again = await tokens.verify(await tokens.issue({ userId: 7, dropId, ticket: 6 }), { userId: 7, dropId });
    expect(await rejection(burnAdmissionToken(redis, again, 'idem-c'))).toEqual({ status: 409, code: 'admission_token_used' });
  });
});
