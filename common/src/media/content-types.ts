/**
 * What LiveDrop accepts, decided from the bytes (magic numbers), never from a file name or a client's word.
 * Every stored object's key is `media/<sha256 of its bytes>.<ext>` (immutable URLs) or `uploads/<upload id>`
 * (an upload waiting to be registered, never served).
 */
export type MediaKind = 'image' | 'video';
export type MediaFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'mp4' | 'webm';

export const FORMATS: Record<MediaFormat, { kind: MediaKind; contentType: string; ext: string }> = {
  jpeg: { kind: 'image', contentType: 'image/jpeg', ext: 'jpg' },
  png: { kind: 'image', contentType: 'image/png', ext: 'png' },
  webp: { kind: 'image', contentType: 'image/webp', ext: 'webp' },
  avif: { kind: 'image', contentType: 'image/avif', ext: 'avif' },
  mp4: { kind: 'video', contentType: 'video/mp4', ext: 'mp4' },
  webm: { kind: 'video', contentType: 'video/webm', ext: 'webm' },
};

export const UPLOAD_CONTENT_TYPES = Object.values(FORMATS).map((f) => f.contentType) as [string, ...string[]];
export const formatOfContentType = (ct: string) =>
  (Object.keys(FORMATS) as MediaFormat[]).find((f) => FORMATS[f].contentType === ct);

/** Enough leading bytes for every check below (an MP4 ftyp box lists its brands within this). */
export const SNIFF_BYTES = 64;

const ascii = (b: Buffer, start: number, end: number) => b.subarray(start, end).toString('latin1');
const MP4_BRANDS = /^(isom|iso[2-9]|mp41|mp42|avc1|dash|M4V |mmp4|msnv|3gp[4-6])$/;

/** ISO-BMFF (AVIF, MP4): `[size]ftyp[major][minor][compatible brands…]`. HEIC, QuickTime etc. are refused. */
function sniffFtyp(b: Buffer): MediaFormat | undefined {
  if (b.length < 16 || ascii(b, 4, 8) !== 'ftyp') return undefined;
  const end = Math.min(b.readUInt32BE(0), b.length);
  const brands = [ascii(b, 8, 12)];
  for (let i = 16; i + 4 <= end; i += 4) brands.push(ascii(b, i, i + 4));
  if (brands.some((x) => x === 'avif' || x === 'avis')) return 'avif';
  if (brands.some((x) => MP4_BRANDS.test(x))) return 'mp4';
  return undefined;
}

/** Matroska's EBML header names its DocType; only `webm` is accepted (not generic .mkv). */
function sniffEbml(b: Buffer): MediaFormat | undefined {
  if (b.length < 8 || b.readUInt32BE(0) !== 0x1a45dfa3) return undefined;
  const docType = b.indexOf(Buffer.from([0x42, 0x82]));
  return docType > 0 && ascii(b, docType + 3, docType + 7) === 'webm' ? 'webm' : undefined;
}

export function sniffFormat(head: Buffer): MediaFormat | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  return sniffFtyp(head) ?? sniffEbml(head);
}

const KEY = /^(media|uploads)\/[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/;
/** Guards every storage call: keys never contain `..` or absolute paths. */
export const isValidObjectKey = (key: string) => KEY.test(key) && !key.includes('..');

/** The public name of a content-addressed object, as served at `/media/<name>`. */
export const MEDIA_NAME = /^([0-9a-f]{64})\.(jpg|png|webp|avif|mp4|webm)$/;
export const mediaKey = (sha256: string, format: MediaFormat) => `media/${sha256}.${FORMATS[format].ext}`;
export const uploadKey = (uploadId: string) => `uploads/${uploadId}`;
export const contentTypeOfExt = (ext: string) => Object.values(FORMATS).find((f) => f.ext === ext)?.contentType;
