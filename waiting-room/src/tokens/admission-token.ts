import { SignJWT } from 'jose';
import { createHs256Verifier, forbidden, Hs256VerifyError, unauthorized } from '@livedrop/common';

/** What an admission token proves: this user, admitted to this drop with this ticket, until `exp` (s). */
export interface AdmissionClaims {
  userId: number;
  dropId: number;
  ticket: number;
  jti: string;
  exp: number;
}

export interface IssueAdmissionInput {
  userId: number;
  dropId: number;
  ticket: number;
  /** Absolute expiry in epoch ms (the end of the checkout window). Default: now + ttlSeconds. */
  expiresAt?: number;
  /** Used when expiresAt is absent. Default 120 s. */
  ttlSeconds?: number;
}

const ISSUER = 'livedrop-waiting-room';
const AUDIENCE = 'livedrop-orders';
const TYP = 'admission';

/**
 * One admission = one jti. It is derived from drop + ticket (each ticket is admitted at most once), so a
 * token re-issued for the same admission (e.g. after a controller restart) is burned by the same entry.
 */
export const admissionJti = (dropId: number, ticket: number) => `adm-${dropId}-${ticket}`;

/** HS256 admission tokens, separate secret and audience from access tokens so neither passes for the other. */
export function createAdmissionTokens(secret: string) {
  const key = new TextEncoder().encode(secret);
  const verifyJwt = createHs256Verifier(key);
  return {
    async issue(input: IssueAdmissionInput): Promise<string> {
      const expiresAtMs = input.expiresAt ?? Date.now() + (input.ttlSeconds ?? 120) * 1000;
      return new SignJWT({ typ: TYP, drop: input.dropId, ticket: input.ticket })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(String(input.userId))
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setJti(admissionJti(input.dropId, input.ticket))
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAtMs / 1000))
        .sign(key);
    },

    /** Checks signature, expiry and binding; throws the 4xx AppError that says which check failed. */
    async verify(token: string, expected: { userId: number; dropId: number }): Promise<AdmissionClaims> {
      let payload: Record<string, unknown>;
      try {
        payload = verifyJwt(token, { issuer: ISSUER, audience: AUDIENCE });
      } catch (err) {
        if (err instanceof Hs256VerifyError && err.reason === 'expired') {
          throw unauthorized('admission_token_expired', 'admission token has expired');
        }
        if (err instanceof Hs256VerifyError) throw unauthorized('invalid_admission_token', 'admission token is invalid');
        throw err;
      }
      const claims = {
        userId: Number(payload.sub),
        dropId: Number(payload.drop),
        ticket: Number(payload.ticket),
        jti: String(payload.jti ?? ''),
        exp: Number(payload.exp),
      };
      const wellFormed = payload.typ === TYP && Number.isSafeInteger(claims.userId) && Number.isSafeInteger(claims.dropId)
        && Number.isSafeInteger(claims.ticket) && claims.ticket > 0 && claims.jti === admissionJti(claims.dropId, claims.ticket);
      if (!wellFormed) throw unauthorized('invalid_admission_token', 'admission token is invalid');
      if (claims.userId !== expected.userId) {
        throw forbidden('admission_token_wrong_user', 'admission token belongs to another account');
      }
      if (claims.dropId !== expected.dropId) {
        throw forbidden('admission_token_wrong_drop', 'admission token is for another drop');
      }
      return claims;
    },
  };
}

export type AdmissionTokens = ReturnType<typeof createAdmissionTokens>;
