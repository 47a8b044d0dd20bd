import { z } from 'zod';
import { badRequest } from '@livedrop/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '@livedrop/common';

/**
 * Keyset pagination: the cursor is the (createdAt, id) of the last item seen, base64url-encoded, so a page
 * is an index range scan however deep the client goes (no OFFSET), and inserts never shift pages.
 */
export interface Cursor {
  createdAt: Date;
  id: number;
}

export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const encodeCursor = (c: Cursor) => encodeKeysetCursor(c.createdAt, c.id);

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  const position = decodeKeysetCursor(raw);
  if (position && Number.isSafeInteger(position.id)) return { createdAt: position.at, id: position.id as number };
  throw badRequest('invalid_cursor', 'cursor is not one this API issued');
}

/** Takes `limit + 1` rows and turns the extra one into "there is a next page". */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
