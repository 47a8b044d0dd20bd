import type { AccessTokens, AuthUser } from './access-token';

const DEFAULT_ENTRIES = 50_000;

/** `exp` (epoch s) of a token that already passed verification; undefined if unreadable. */
function expiryOf(token: string): number | undefined {
  const first = token.indexOf('.');
  const last = token.lastIndexOf('.');
  try {
    const exp = (JSON.parse(Buffer.from(token.slice(first + 1, last), 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Remembers access tokens that verified, keyed by the exact token text (signature included), until they
 * expire. During a drop spike the same shopper sends the same token again and again (join, rejoin, status),
 * and each full check is an HMAC plus two base64/JSON decodes; a hit is one Map lookup plus the expiry check.
 * Safe because access tokens are stateless (nothing revokes one before `exp`, so the answer cannot change
 * except by expiring, which is re-checked on every hit). Failed tokens are never cached. Bounded, oldest out.
 */
export function cacheVerifiedTokens(tokens: Pick<AccessTokens, 'verify'>, maxEntries = DEFAULT_ENTRIES, nowS = () => Date.now() / 1000) {
  const known = new Map<string, { user: AuthUser; exp: number }>();
  return async (token: string): Promise<AuthUser> => {
    const hit = known.get(token);
    if (hit) {
      if (hit.exp > nowS()) return hit.user;
      known.delete(token);
    }
    const user = await tokens.verify(token); // throws token_expired / invalid_token as before
    const exp = expiryOf(token);
    if (exp !== undefined) {
      if (known.size >= maxEntries) known.delete(known.keys().next().value!);
      known.set(token, { user, exp });
    }
    return user;
  };
}
