import { createHash } from 'node:crypto';
import { badRequest } from '@livedrop/common';

const KEY = /^[A-Za-z0-9_:-]{8,100}$/;
/** The same rule for /openapi.json, so clients (and the fuzzer) know what the header must look like. */
export const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', pattern: KEY.source, minLength: 8, maxLength: 100 } as const;

/** The Idempotency-Key header, required on order creation: 8–100 chars of [A-Za-z0-9_-:]. */
export function readIdempotencyKey(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw badRequest('idempotency_key_required', 'the Idempotency-Key header is required');
  }
  if (!KEY.test(header)) {
    throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 8–100 characters of A-Z a-z 0-9 _ - :');
  }
  return header;
}

/** Workflow ids carry a hash of the key, not the key: bounded length, nothing the client chose verbatim. */
export const idempotencyKeyHash = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);
