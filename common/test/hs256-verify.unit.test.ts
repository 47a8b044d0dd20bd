import { SignJWT } from 'jose';
import { createHs256Verifier, Hs256VerifyError } from '../src/auth/hs256-verify';

const SECRET = 'a-secret-that-is-long-enough-for-hs256-tests';
const key = new TextEncoder().encode(SECRET);
const verify = createHs256Verifier(key);
const expect_ = { issuer: 'iss-a', audience: 'aud-a' };
const sign = (claims: Record<string, unknown> = {}, exp: number | string = '1m', k = key) =>
  new SignJWT({ role: 'x', ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuer('iss-a').setAudience('aud-a')
    .setSubject('7').setExpirationTime(exp).sign(k);
const reason = (fn: () => unknown) => {
  try { fn(); } catch (err) { if (err instanceof Hs256VerifyError) return err.reason; throw err; }
  return 'accepted';
};

describe('createHs256Verifier (checked against tokens jose signs)', () => {
  it('accepts a jose-signed token and returns its payload', async () => {
    expect(verify(await sign({ typ: 'access' }), expect_)).toMatchObject({ sub: '7', typ: 'access', iss: 'iss-a', aud: 'aud-a' });
  });

  it('rejects expired, tampered, forged, alg none, wrong issuer/audience and garbage', async () => {
    const good = await sign();
    const [h, p, s] = good.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: '8' })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    const forged = await sign({}, '1m', new TextEncoder().encode(`${SECRET}!`));
    const expired = await sign({}, Math.floor(Date.now() / 1000) - 1);
    expect(reason(() => verify(expired, expect_))).toBe('expired');
    for (const bad of [tampered, none, forged, 'a.b', 'a.b.c.d', '', `${h}.${p}.${s}x`]) {
      expect(reason(() => verify(bad, expect_))).toBe('invalid');
    }
    expect(reason(() => verify(good, { issuer: 'other', audience: 'aud-a' }))).toBe('invalid');
    expect(reason(() => verify(good, { issuer: 'iss-a', audience: 'other' }))).toBe('invalid');
    expect(reason(() => verify(good, { ...expect_, nowS: Math.floor(Date.now() / 1000) + 3600 }))).toBe('expired');
  });
});

