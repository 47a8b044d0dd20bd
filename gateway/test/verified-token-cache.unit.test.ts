import { createAccessTokens } from '../src/auth/access-token';
import { cacheVerifiedTokens } from '../src/auth/verified-token-cache';

describe('cacheVerifiedTokens', () => {
  const tokens = createAccessTokens('unit-test-secret-unit-test-secret', 60);

  it('verifies a token once, then answers from memory until it expires', async () => {
    const verify = jest.fn(tokens.verify);
    let now = Date.now() / 1000;
    const cached = cacheVerifiedTokens({ verify }, 10, () => now);
    const token = await tokens.sign({ id: 42, role: 'shopper' });
    expect(await cached(token)).toEqual({ id: 42, role: 'shopper' });
    expect(await cached(token)).toEqual({ id: 42, role: 'shopper' });
    expect(verify).toHaveBeenCalledTimes(1);
    now += 61; // past exp: the cached entry is dropped and the full check runs (the real clock says still valid)
    expect(await cached(token)).toEqual({ id: 42, role: 'shopper' });
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never caches a failure and still says why a token is refused', async () => {
    const verify = jest.fn(tokens.verify);
    const cached = cacheVerifiedTokens({ verify });
    const token = await tokens.sign({ id: 7, role: 'shopper' });
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    for (let i = 0; i < 2; i++) await expect(cached(forged)).rejects.toMatchObject({ status: 401, code: 'invalid_token' });
    expect(verify).toHaveBeenCalledTimes(2);
    const expired = await createAccessTokens('unit-test-secret-unit-test-secret', -5).sign({ id: 7, role: 'shopper' });
    await expect(cached(expired)).rejects.toMatchObject({ status: 401, code: 'token_expired' });
  });

  it('keeps at most maxEntries tokens (oldest out)', async () => {
    const verify = jest.fn(tokens.verify);
    const cached = cacheVerifiedTokens({ verify }, 2);
    const [a, b, c] = await Promise.all([1, 2, 3].map((id) => tokens.sign({ id, role: 'shopper' })));
    for (const t of [a, b, c, c, b]) await cached(t!);
    expect(verify).toHaveBeenCalledTimes(3);
    await cached(a!); // evicted when c came in
    expect(verify).toHaveBeenCalledTimes(4);
  });
});
