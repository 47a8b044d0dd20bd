import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FORMATS, formatOfContentType, mediaKey, type Knex, type Logger, type MediaStorage } from '@livedrop/common';
import type { FrameGrabber } from './frame-grabber';
import { recordObjects } from './media-objects';
import { createMediaRepo, type ProcessingRow as Row } from './media-repo';
import { renderImage, UndecodableImage, type RenderedImage } from './render-image';

export interface MediaProcessingDeps {
  knex: Knex;
  storage: MediaStorage;
  logger: Logger;
  widths: number[];
  maxImagePixels: number;
  /** undefined: no ffmpeg here, a video shows the creator's chosen image instead of a frame. */
  frameGrabber?: FrameGrabber;
}

interface Output {
  role: 'variant' | 'fallback' | 'video' | 'poster' | 'poster_fallback';
  format: string;
  width: number | null;
  height: number | null;
  key: string;
  contentType: string;
  bytes: number;
  body: Buffer | { file: string };
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const imageOutputs = (img: RenderedImage, poster: boolean): Output[] => img.renditions.map((r) => ({
  role: poster ? (r.role === 'variant' ? 'poster' : 'poster_fallback') : r.role,
  format: r.format, width: r.width, height: r.height, key: mediaKey(sha256(r.bytes), r.format),
  contentType: FORMATS[r.format].contentType, bytes: r.bytes.length, body: r.bytes,
}));

/**
 * Turns one registered upload into its immutable, content-addressed objects and marks the media ready.
 * Idempotent (BullMQ delivers at least once): a media no longer `processing` is left alone, and writing an
 * object whose name is its own hash twice writes the same bytes.
 */
export async function processMedia(deps: MediaProcessingDeps, mediaId: number): Promise<'ready' | 'failed' | 'skipped'> {
  const { knex, storage } = deps;
  const media = createMediaRepo(knex);
  const row = await media.byId(mediaId);
  if (!row || row.status !== 'processing' || !row.source_key) return 'skipped';
  const source = row.source_key;
  if (row.deleted_at) {
    await storage.delete([source]); // removed before it was processed: the upload is all there is to drop
    await media.clearSource(mediaId);
    return 'skipped';
  }

  const work = await mkdtemp(join(tmpdir(), 'livedrop-media-'));
  try {
    let outputs: Output[];
    let size: { width: number | null; height: number | null };
    try {
      ({ outputs, size } = row.kind === 'image' ? await imageJob(deps, source) : await videoJob(deps, row, source, work));
    } catch (err) {
      if (!(err instanceof UndecodableImage)) throw err; // storage / database trouble: BullMQ retries
      await media.finish(row, 'failed', { error: err.message.slice(0, 200) }, []);
      await storage.delete([source]);
      deps.logger.warn({ mediaId, err: err.message }, 'media could not be decoded');
      return 'failed';
    }
    const unique = [...new Map(outputs.map((o) => [o.key, o])).values()];
    await recordObjects(knex, unique);
    for (const o of unique) await storage.put(o.key, o.body, o.contentType);
    const done = await media.finish(row, 'ready', size, outputs);
    await storage.delete([source]);
    return done ? 'ready' : 'skipped';
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function imageJob(deps: MediaProcessingDeps, source: string) {
  const img = await renderImage(await deps.storage.readBuffer(source), deps.widths, deps.maxImagePixels);
  return { outputs: imageOutputs(img, false), size: { width: img.width, height: img.height } };
}

/** The video is stored as uploaded (under its hash); a frame grabbed by ffmpeg becomes its poster images. */
async function videoJob(deps: MediaProcessingDeps, row: Row, source: string, work: string) {
  const format = formatOfContentType(row.content_type)!;
  const file = join(work, `video.${FORMATS[format].ext}`);
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({ transform(chunk: Buffer, _e, done) { hash.update(chunk); bytes += chunk.length; done(null, chunk); } });
  await pipeline(await deps.storage.read(source), tap, createWriteStream(file));
  const video: Output = {
    role: 'video', format, width: null, height: null, key: mediaKey(hash.digest('hex'), format),
    contentType: FORMATS[format].contentType, bytes, body: { file },
  };
  const frame = await deps.frameGrabber?.grab(file);
  let poster: RenderedImage | undefined;
  if (frame) poster = await renderImage(frame, deps.widths, deps.maxImagePixels).catch(() => undefined);
  const size = { width: poster?.width ?? null, height: poster?.height ?? null };
  return { outputs: [{ ...video, ...size }, ...(poster ? imageOutputs(poster, true) : [])], size };
}
