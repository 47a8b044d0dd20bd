// The one keyset-pagination cursor: the (timestamp, id) of the last item seen, opaque to clients
// (base64url JSON). A page is then an index range scan however deep the client goes, and inserts never
// shift pages. Callers check the id's type (numeric ids, UUIDs) and answer 400 for a foreign cursor.

export const encodeKeysetCursor = (at: Date, id: number | string): string =>
  Buffer.from(JSON.stringify([at.getTime(), id])).toString('base64url');

/** The position a cursor names, or undefined when it is not one encodeKeysetCursor made. */
export function decodeKeysetCursor(raw: string): { at: Date; id: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2 || !Number.isSafeInteger(value[0])) return undefined;
    return { at: new Date(value[0] as number), id: value[1] };
  } catch {
    return undefined;
  }
}
