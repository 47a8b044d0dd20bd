import type { Readable } from 'node:stream';

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP. */
  end: number;
}

/**
 * Where media bytes live. Keys are checked with `isValidObjectKey` by every driver. The same interface runs on
 * the local disk (development default) and on any S3-compatible store (production), so callers never branch
 * on the driver except for how a browser uploads (presigned S3 PUT vs the gateway's one-time upload URL).
 */
export interface MediaStorage {
  readonly driver: 'local' | 's3';
  put(key: string, body: Buffer | { file: string }, contentType: string): Promise<void>;
  /** Size in bytes, or undefined when the object does not exist. */
  stat(key: string): Promise<{ bytes: number } | undefined>;
  /** The object's bytes (or a range of them) as a stream; rejects with `MediaObjectMissing` if absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** The whole object (or its first `maxBytes`) in memory. */
  readBuffer(key: string, maxBytes?: number): Promise<Buffer>;
  /** Idempotent: deleting a missing key is fine. */
  delete(keys: string[]): Promise<void>;
  /** Keys under a prefix such as `media/` (tests and audits; GC works from the database). */
  list(prefix: string): Promise<string[]>;
  /** S3 only: a URL the browser PUTs the bytes to, valid for `expiresInS`. */
  presignPut?(key: string, contentType: string, bytes: number, expiresInS: number): Promise<string>;
  close(): void;
}

export class MediaObjectMissing extends Error {
  constructor(readonly key: string) {
    super(`media object ${key} does not exist`);
    this.name = 'MediaObjectMissing';
  }
}

export async function streamToBuffer(stream: Readable, maxBytes = Infinity): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    chunks.push(buf);
    total += buf.length;
    if (total >= maxBytes) {
      stream.destroy();
      break;
    }
  }
  const all = Buffer.concat(chunks);
  return all.length > maxBytes ? all.subarray(0, maxBytes) : all;
}
