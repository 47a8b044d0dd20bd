import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentTypeOfExt, MEDIA_NAME, MediaObjectMissing, notFound, type MediaStorage } from '@livedrop/common';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
// Small objects (every image variant) are kept in memory; videos stream from storage.
const MAX_MEMORY_OBJECT = 1024 * 1024;

type Range = { start: number; end: number } | 'unsatisfiable' | undefined;

/** One `bytes=` range (what video players send); several ranges or a malformed header → the whole object. */
export function parseRange(header: string | undefined, size: number): Range {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/** Strong comparison per RFC 9110 §13.1.2 (our ETags are strong; a weak one never matches for If-Range). */
const matchesAny = (header: string | undefined, etag: string) =>
  header !== undefined && (header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag));

/**
 * `GET /media/<sha256>.<ext>`: the name is the SHA-256 of the bytes, so the object never changes — a year of
 * `immutable` caching, the hash as a strong ETag (a 304 needs no storage read at all), and byte ranges for
 * video seeking. A CDN in front (MEDIA_PUBLIC_BASE_URL) caches it the same way.
 */
export function createMediaDelivery(deps: { storage: MediaStorage; memoryBytes: number }) {
  const memory = new Map<string, Buffer>();
  let held = 0;
  const remember = (name: string, body: Buffer) => {
    if (body.length > MAX_MEMORY_OBJECT || body.length > deps.memoryBytes) return;
    while (held + body.length > deps.memoryBytes && memory.size) {
      const [oldest, old] = memory.entries().next().value!;
      memory.delete(oldest);
      held -= old.length;
    }
    memory.set(name, body);
    held += body.length;
  };

  return async function serveMedia(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = MEDIA_NAME.exec(name);
    if (!m) throw notFound('media_not_found', 'no such media');
    const key = `media/${name}`;
    const etag = `"${m[1]}"`;
    const headers: Record<string, string | number> = {
      'cache-control': IMMUTABLE, etag, 'content-type': contentTypeOfExt(m[2]!)!, 'accept-ranges': 'bytes', 'x-content-type-options': 'nosniff',
    };
    let body = memory.get(name);
    if (body) { // LRU: the hit moves to the young end
      memory.delete(name);
      memory.set(name, body);
    }
    const size = body?.length ?? (await deps.storage.stat(key))?.bytes;
    if (size === undefined) throw notFound('media_not_found', 'no such media');
    if (matchesAny(req.headers['if-none-match'], etag)) {
      res.writeHead(304, { 'cache-control': IMMUTABLE, etag });
      res.end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, size) : undefined;
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'content-range': `bytes */${size}`, 'content-length': 0 });
      res.end();
      return;
    }
    const status = range ? 206 : 200;
    const length = range ? range.end - range.start + 1 : size;
    if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['content-length'] = length;
    if (req.method === 'HEAD') {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    if (!body && size <= MAX_MEMORY_OBJECT && deps.memoryBytes > 0) {
      body = await deps.storage.readBuffer(key).catch((err: unknown) => {
        throw err instanceof MediaObjectMissing ? notFound('media_not_found', 'no such media') : err;
      });
      remember(name, body);
    }
    if (body) {
      res.writeHead(status, headers);
      res.end(range ? body.subarray(range.start, range.end + 1) : body);
      return;
    }
    const stream = await deps.storage.read(key, range);
    res.writeHead(status, headers);
    await pipeline(stream, res);
  };
}
