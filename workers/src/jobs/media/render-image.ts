import sharp, { type OutputInfo } from 'sharp';

export interface Rendition {
  role: 'variant' | 'fallback';
  format: 'avif' | 'webp' | 'jpeg';
  width: number;
  height: number;
  bytes: Buffer;
}

export interface RenderedImage {
  /** Size of the (orientation-corrected) source. */
  width: number;
  height: number;
  renditions: Rendition[];
}

/** A decoding problem of the image itself (not retried), as opposed to storage or database trouble. */
export class UndecodableImage extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableImage';
  }
}

/**
 * Decodes the image ONCE (auto-rotated by its EXIF orientation, shrunk on load to the widest width needed) into
 * raw pixels, then encodes every width in AVIF and WebP plus one JPEG fallback from those pixels. Raw pixels
 * carry no metadata, so EXIF (GPS, camera serials), ICC and XMP never reach the outputs. Never enlarges.
 */
export async function renderImage(input: Buffer, widths: number[], maxPixels: number): Promise<RenderedImage> {
  let decoded: { data: Buffer; info: OutputInfo };
  let source: { width: number; height: number };
  try {
    const image = sharp(input, { failOn: 'truncated', limitInputPixels: maxPixels }).rotate();
    const meta = await image.metadata();
    const swapped = (meta.orientation ?? 1) >= 5;
    source = { width: swapped ? meta.height! : meta.width!, height: swapped ? meta.width! : meta.height! };
    decoded = await image.resize({ width: Math.max(...widths), withoutEnlargement: true }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new UndecodableImage((err as Error).message);
  }
  const { data, info } = decoded;
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } } as const;
  const targets = [...widths.filter((w) => w < info.width), info.width];
  const encode = async (width: number, format: Rendition['format'], role: Rendition['role']): Promise<Rendition> => {
    let pipeline = sharp(data, raw).resize({ width });
    // AVIF effort 2 of 9: most of the size win for a fraction of the CPU (the jobs worker shares its cores).
    if (format === 'avif') pipeline = pipeline.avif({ quality: 50, effort: 2 });
    else if (format === 'webp') pipeline = pipeline.webp({ quality: 80 });
    else pipeline = pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 82, mozjpeg: true });
    const out = await pipeline.toBuffer({ resolveWithObject: true });
    return { role, format, width: out.info.width, height: out.info.height, bytes: out.data };
  };
  const renditions: Rendition[] = [];
  for (const width of targets) renditions.push(await encode(width, 'avif', 'variant'), await encode(width, 'webp', 'variant'));
  renditions.push(await encode(info.width, 'jpeg', 'fallback'));
  return { ...source, renditions };
}
