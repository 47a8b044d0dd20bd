import { z } from 'zod';
import { badRequest } from '@livedrop/common';

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

export const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify([c.createdAt.getTime(), c.id])).toString('base64url');

export function decodeCursor(raw: string | undefined): Cursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const [ms, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(ms) && Number.isSafeInteger(id)) return { createdAt: new Date(ms as number), id: id as number };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('invalid_cursor', 'cursor is not one this API issued');
}

/** Takes `limit + 1` rows and turns the extra one into "there is a next page". */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null };
}
