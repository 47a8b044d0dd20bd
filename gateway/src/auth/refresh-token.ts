import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthorized } from '@livedrop/common';

const ISSUER = 'livedrop';
// A different audience from access tokens: a refresh token can never be presented as an access token.
const AUDIENCE = 'livedrop-refresh';

export interface RefreshClaims {
  /** refresh_tokens.id */
  jti: string;
  familyId: string;
  userId: number;
}

/**
 * Refresh tokens are signed JWTs that only reference a refresh_tokens row: the signature stops forgery
 * without storing a hash, and the row (used/revoked/expiry) is the authority on whether it still works.
 */
export function createRefreshTokenCodec(secret: string) {
  const key = new TextEncoder().encode(secret);
  return {
    sign(claims: RefreshClaims, expiresAt: Date): Promise<string> {
      return new SignJWT({ typ: 'refresh', fam: claims.familyId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(claims.userId))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(claims.jti)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
    },
    async verify(token: string): Promise<RefreshClaims> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const userId = Number(payload.sub);
        if (payload.typ !== 'refresh' || typeof payload.fam !== 'string' || !payload.jti || !Number.isSafeInteger(userId)) {
          throw unauthorized('invalid_refresh_token', 'refresh token is invalid');
        }
        return { jti: payload.jti, familyId: payload.fam, userId };
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('refresh_token_expired', 'refresh token has expired');
        if (err instanceof joseErrors.JOSEError) throw unauthorized('invalid_refresh_token', 'refresh token is invalid');
        throw err;
      }
    },
  };
}
