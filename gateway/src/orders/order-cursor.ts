import { badRequest } from '@livedrop/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '@livedrop/common';

/** Keyset cursor over (created_at, id) for order history; order ids are UUIDs, so the id part is a string. */
export const encodeOrderCursor = (c: { createdAt: Date; id: string }) => encodeKeysetCursor(c.createdAt, c.id);

export function decodeOrderCursor(raw: string | undefined): { createdAt: Date; id: string } | undefined {
  if (raw === undefined) return undefined;
  const position = decodeKeysetCursor(raw);
  if (position && typeof position.id === 'string' && position.id.length <= 36) return { createdAt: position.at, id: position.id };
  throw badRequest('invalid_cursor', 'cursor is not one this API issued');
}
