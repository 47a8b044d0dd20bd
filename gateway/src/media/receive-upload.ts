import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@livedrop/common';

/**
 * Streams a request body into a temp file, stopping with 413 as soon as it passes `maxBytes` (a lying or
 * missing Content-Length cannot fill the disk). Returns the file; the caller moves it into storage and
 * always calls `cleanup()`.
 */
export async function receiveToTempFile(body: Readable, maxBytes: number): Promise<{ file: string; bytes: number; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'livedrop-upload-'));
  const file = join(dir, 'body');
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(new AppError(413, 'media_too_large', `the upload is larger than the ${maxBytes} bytes declared`));
      else done(null, chunk);
    },
  });
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(body, limit, createWriteStream(file));
  } catch (err) {
    await cleanup();
    body.resume(); // drain the rest so the 413 can be written on a keep-alive connection
    throw err instanceof AppError ? err : new AppError(400, 'upload_aborted', 'the upload did not arrive completely');
  }
  return { file, bytes, cleanup };
}
