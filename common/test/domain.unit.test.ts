import {
  decodeKeysetCursor, DROP_STATUSES, encodeKeysetCursor, OPEN_DROP_STATUSES, RUNNING_DROP_STATUSES,
} from '../src/domain';

describe('keyset cursor', () => {
  const at = new Date('2026-11-29T10:11:12.345Z');

  it('round-trips numeric and string ids', () => {
    expect(decodeKeysetCursor(encodeKeysetCursor(at, 42))).toEqual({ at, id: 42 });
    const uuid = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    expect(decodeKeysetCursor(encodeKeysetCursor(at, uuid))).toEqual({ at, id: uuid });
  });

  it('is opaque URL-safe text', () => {
    expect(encodeKeysetCursor(at, 42)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 JSON', 'bm9wZQ'],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['a wrong arity', Buffer.from('[1,2,3]').toString('base64url')],
    ['a fractional timestamp', Buffer.from('[1.5,2]').toString('base64url')],
    ['an invalid date (NaN became null)', encodeKeysetCursor(new Date('nope'), 1)],
  ])('refuses %s', (_what, raw) => {
    expect(decodeKeysetCursor(raw)).toBeUndefined();
  });
});

describe('drop statuses', () => {
  it('open and running statuses are drop statuses, running ones a subset of open ones', () => {
    for (const s of OPEN_DROP_STATUSES) expect(DROP_STATUSES).toContain(s);
    for (const s of RUNNING_DROP_STATUSES) expect(OPEN_DROP_STATUSES).toContain(s);
  });
});
