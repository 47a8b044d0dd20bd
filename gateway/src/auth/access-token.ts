import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthorized } from '@livedrop/common';

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
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const id = Number(payload.sub);
        const role = payload.role as Role;
        if (payload.typ !== 'access' || !Number.isSafeInteger(id) || !ROLES.includes(role)) {
          throw unauthorized('invalid_token', 'access token is invalid');
        }
        return { id, role };
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'access token has expired');
        if (err instanceof joseErrors.JOSEError) throw unauthorized('invalid_token', 'access token is invalid');
        throw err;
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
