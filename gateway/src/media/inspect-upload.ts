import sharp from 'sharp';
import { badRequest, AppError, FORMATS, SNIFF_BYTES, sniffFormat, unprocessable, type MediaFormat, type MediaStorage } from '@livedrop/common';

export interface UploadLimits {
  maxImageBytes: number;
  maxVideoBytes: number;
  maxImagePixels: number;
}

export interface Inspected {
  format: MediaFormat;
  bytes: number;
  width: number | null;
  height: number | null;
}

const tooLarge = (max: number) => new AppError(413, 'media_too_large', `the file is larger than the ${max} bytes allowed`);
const unsupported = () =>
  new AppError(415, 'unsupported_media_type', 'the bytes are not a JPEG, PNG, WebP or AVIF image, or an MP4 or WebM video of the declared type');

/** sharp's format names for the image formats we take. */
const SHARP_FORMAT: Partial<Record<MediaFormat, string[]>> = { jpeg: ['jpeg'], png: ['png'], webp: ['webp'], avif: ['heif', 'avif'] };

/**
 * Judges an uploaded object by its bytes: size within the limit and equal to what was declared, a known format
 * that matches the declared content type and, for images, one that decodes to the end within the pixel limit.
 * Throws a 4xx AppError; the caller then deletes the object. This pass decodes a 32-pixel thumbnail only (JPEG
 * and WebP shrink on load, so even a large photo is cheap): the real, single full decode happens in the job.
 */
export async function inspectUpload(storage: MediaStorage, key: string, declared: { contentType: string; bytes: number }, limits: UploadLimits): Promise<Inspected> {
  const stat = await storage.stat(key);
  if (!stat) throw new AppError(409, 'upload_incomplete', 'nothing has been uploaded to this upload URL yet');
  const format = sniffFormat(await storage.readBuffer(key, SNIFF_BYTES));
  if (!format || FORMATS[format].contentType !== declared.contentType) throw unsupported();
  const max = FORMATS[format].kind === 'image' ? limits.maxImageBytes : limits.maxVideoBytes;
  if (stat.bytes > max) throw tooLarge(max);
  if (stat.bytes !== declared.bytes) throw badRequest('size_mismatch', `the upload holds ${stat.bytes} bytes, ${declared.bytes} were declared`);
  if (FORMATS[format].kind === 'video') return { format, bytes: stat.bytes, width: null, height: null };

  const buffer = await storage.readBuffer(key);
  try {
    const image = sharp(buffer, { failOn: 'truncated', limitInputPixels: limits.maxImagePixels });
    const meta = await image.metadata();
    if (!SHARP_FORMAT[format]?.includes(meta.format ?? '')) throw unsupported();
    await image.resize(32, 32, { fit: 'inside' }).raw().toBuffer();
    const rotated = (meta.orientation ?? 1) >= 5; // EXIF orientations 5-8 swap width and height
    return { format, bytes: stat.bytes, width: rotated ? meta.height! : meta.width!, height: rotated ? meta.width! : meta.height! };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = (err as Error).message;
    if (/pixel limit/i.test(message)) throw unprocessable('image_too_large', `the image has more than ${limits.maxImagePixels} pixels`);
    throw unprocessable('undecodable_image', `the image cannot be decoded (truncated or corrupt): ${message.slice(0, 120)}`);
  }
}

export { tooLarge, unsupported };
