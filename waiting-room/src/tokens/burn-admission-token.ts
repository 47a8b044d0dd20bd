import { conflict, dropKeys, type Redis } from '@livedrop/common';
import { queueScripts } from '../lua/scripts';
import type { AdmissionClaims } from './admission-token';

// Longer than any checkout window, so a late retry still finds the burn record.
const BURN_RETENTION_MS = 7 * 24 * 3600_000;

/**
 * Spends a verified admission token (call after `verify`). Atomic: marks the jti used with the request's
 * idempotency key and takes the shopper out of the admitted set, freeing the place for the controller.
 * A retry with the same key answers 'same_key' so the order endpoint can return the existing order.
 */
export async function burnAdmissionToken(
  redis: Redis,
  claims: Pick<AdmissionClaims, 'userId' | 'dropId' | 'jti'>,
  idempotencyKey: string,
): Promise<'burned' | 'same_key'> {
  const keys = dropKeys(claims.dropId);
  const result = await queueScripts()(
    redis, 'burn-token', [keys.burnedTokens, keys.admitted, keys.admissionTokens],
    [claims.jti, idempotencyKey, claims.userId, BURN_RETENTION_MS],
  );
  if (result === 1) return 'burned';
  if (result === 0) return 'same_key';
  throw conflict('admission_token_used', 'admission token was already used for another request');
}
