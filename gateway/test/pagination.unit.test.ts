import { AppError } from '@livedrop/common';
import { decodeCursor, encodeCursor, toPage } from '../src/http/pagination';

describe('keyset cursors', () => {
  it('round-trips (createdAt, id) with millisecond precision', () => {
    const cursor = { createdAt: new Date('2026-11-27T10:11:12.345Z'), id: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it.each(['', 'not-base64!', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1.5, 2]').toString('base64url')])(
    'rejects %p with 400 invalid_cursor',
    (raw) => {
      expect(() => decodeCursor(raw)).toThrow(AppError);
      try { decodeCursor(raw); } catch (err) { expect(err).toMatchObject({ status: 400, code: 'invalid_cursor' }); }
    },
  );

  it('turns the limit+1-th row into a next cursor pointing at the last returned item', () => {
    const rows = [3, 2, 1].map((id) => ({ id, at: new Date(1000 * id) }));
    const page = toPage(rows, 2, (r) => ({ createdAt: r.at, id: r.id }));
    expect(page.items.map((r) => r.id)).toEqual([3, 2]);
    expect(decodeCursor(page.nextCursor!)).toEqual({ createdAt: new Date(2000), id: 2 });
    expect(toPage(rows, 3, (r) => ({ createdAt: r.at, id: r.id })).nextCursor).toBeNull();
  });
});
