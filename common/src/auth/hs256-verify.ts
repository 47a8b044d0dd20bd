import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

export type Hs256Failure = 'invalid' | 'expired';

export class Hs256VerifyError extends Error {
  constructor(readonly reason: Hs256Failure) {
    super(`JWT ${reason}`);
    this.name = 'Hs256VerifyError';
  }
}

export interface Hs256Expectations {
  issuer: string;
  audience: string;
  /** Epoch seconds; default now. */
  nowS?: number;
}

const b64json = (part: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Verifies a compact HS256 JWT with node:crypto. jose signs our tokens, but its WebCrypto verify costs
 * 0.2–0.4 ms per call here, which dominated every authenticated request (a waiting-room join spike is all
 * verifies); an HMAC with node:crypto costs a few µs. Checks exactly what jwtVerify did for us: alg HS256 only,
 * no `crit`, signature (constant time), iss, aud, exp and nbf. Returns the payload or throws Hs256VerifyError.
 */
export function createHs256Verifier(secret: Uint8Array | string) {
  const key: KeyObject = createSecretKey(typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret));
  return (token: string, expect: Hs256Expectations): Record<string, unknown> => {
    const first = token.indexOf('.');
    const last = token.lastIndexOf('.');
    if (first <= 0 || last === first || token.indexOf('.', first + 1) !== last) throw new Hs256VerifyError('invalid');
    const header = b64json(token.slice(0, first));
    if (!header || header.alg !== 'HS256' || header.crit !== undefined) throw new Hs256VerifyError('invalid');
    const signature = Buffer.from(token.slice(last + 1), 'base64url');
    const expected = createHmac('sha256', key).update(token.slice(0, last)).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) throw new Hs256VerifyError('invalid');
    const payload = b64json(token.slice(first + 1, last));
    if (!payload) throw new Hs256VerifyError('invalid');
    const now = expect.nowS ?? Math.floor(Date.now() / 1000);
    const aud = payload.aud;
    if (payload.iss !== expect.issuer) throw new Hs256VerifyError('invalid');
    if (!(aud === expect.audience || (Array.isArray(aud) && aud.includes(expect.audience)))) throw new Hs256VerifyError('invalid');
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now)) throw new Hs256VerifyError('invalid');
    // Every token we issue expires; one without `exp` would be valid forever, so it is refused.
    if (typeof payload.exp !== 'number') throw new Hs256VerifyError('invalid');
    if (payload.exp <= now) throw new Hs256VerifyError('expired');
    return payload;
  };
}
