import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { createHs256Verifier, Hs256VerifyError, unauthorized } from '@livedrop/common';

export type Role = 'shopper' | 'creator' | 'ops';
export const ROLES: readonly Role[] = ['shopper', 'creator', 'ops'];

export interface AuthUser {
  id: number;
  role: Role;
}

const ISSUER = 'livedrop';
const AUDIENCE = 'livedrop-api';

/** Short-lived HS256 access token: `sub` = user id, `role`, `typ: access`. */
export function createAccessTokens(secret: string, ttlSeconds: number) {
  const key = new TextEncoder().encode(secret);
  const verifyJwt = createHs256Verifier(key); // node:crypto: WebCrypto verify was the cost of every request
  return {
    async sign(user: AuthUser): Promise<string> {
      return new SignJWT({ role: user.role, typ: 'access' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(user.id))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
    /** Throws a 401 AppError that says why (expired vs invalid) so clients know to refresh. */
    async verify(token: string): Promise<AuthUser> {
      return (await verifyWithExpiry(token)).user;
    },
    /** Like verify, plus when the token expires (a WebSocket stops account pushes then). */
    verifyWithExpiry,
  };

  async function verifyWithExpiry(token: string): Promise<{ user: AuthUser; expiresAtMs: number }> {
    try {
      const payload = verifyJwt(token, { issuer: ISSUER, audience: AUDIENCE });
      const id = Number(payload.sub);
      const role = payload.role as Role;
      if (payload.typ !== 'access' || !Number.isSafeInteger(id) || !ROLES.includes(role)) {
        throw unauthorized('invalid_token', 'access token is invalid');
      }
      return { user: { id, role }, expiresAtMs: Number(payload.exp) * 1000 };
    } catch (err) {
      if (err instanceof Hs256VerifyError && err.reason === 'expired') throw unauthorized('token_expired', 'access token has expired');
      if (err instanceof Hs256VerifyError) throw unauthorized('invalid_token', 'access token is invalid');
      throw err;
    }
  }
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
