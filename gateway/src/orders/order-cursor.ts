import { badRequest } from '@livedrop/common';

/** Keyset cursor over (created_at, id) for order history; order ids are UUIDs, so the id part is a string. */
export const encodeOrderCursor = (c: { createdAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([c.createdAt.getTime(), c.id])).toString('base64url');

export function decodeOrderCursor(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  if (raw === undefined) return undefined;
  try {
    const [ms, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(ms) && typeof id === 'string' && id.length <= 36) return { createdAt: new Date(ms as number), id };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('invalid_cursor', 'cursor is not one this API issued');
}
