import { conflict, dropKeys, type Redis } from '@livedrop/common';
import { BURN_RETENTION_MS, outcomeBucket } from '../admission-outcomes';
import { queueScripts } from '../lua/scripts';
import type { AdmissionClaims } from './admission-token';

/**
 * Spends a verified admission token (call after `verify`). Atomic: marks the jti used with the request's
 * idempotency key and takes the shopper out of the admitted set, freeing the place for the controller.
 * A retry with the same key answers 'same_key' so the order endpoint can return the existing order.
 * `units` (the order's quantity) feeds the measured conversion; a token voided by a leave is refused.
 */
export async function burnAdmissionToken(
  redis: Redis,
  claims: Pick<AdmissionClaims, 'userId' | 'dropId' | 'jti'>,
  idempotencyKey: string,
  units = 1,
  nowMs = Date.now(),
): Promise<'burned' | 'same_key'> {
  const keys = dropKeys(claims.dropId);
  const result = await queueScripts()(
    redis, 'burn-token', [keys.burnedTokens, keys.admitted, keys.admissionTokens, keys.admissionOutcomes],
    [claims.jti, idempotencyKey, claims.userId, BURN_RETENTION_MS, units, outcomeBucket(nowMs)],
  );
  if (result === 1) return 'burned';
  if (result === 0) return 'same_key';
  if (result === -2) throw conflict('admission_left', 'you left the queue; this admission token no longer works');
  throw conflict('admission_token_used', 'admission token was already used for another request');
}

/**
 * Undoes this request's burn after the order was refused for stock the reserve found missing (the race after the
 * early check): the shopper is admitted again until the token's expiry and may ask for fewer units (a new
 * Idempotency-Key; the refused key keeps answering its refusal). Returns false when there was nothing to undo.
 */
export async function restoreAdmissionToken(
  redis: Redis,
  claims: Pick<AdmissionClaims, 'userId' | 'dropId' | 'jti' | 'exp'>,
  idempotencyKey: string,
  nowMs = Date.now(),
): Promise<boolean> {
  const keys = dropKeys(claims.dropId);
  return (await queueScripts()(redis, 'restore-token', [keys.burnedTokens, keys.admitted],
    [claims.jti, idempotencyKey, claims.userId, claims.exp * 1000, nowMs])) === 1;
}
