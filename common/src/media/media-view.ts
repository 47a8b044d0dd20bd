import type { Knex } from 'knex';

/** One rendition of an image: `srcset` entry material. */
export interface ImageVariant {
  format: 'avif' | 'webp' | 'jpeg';
  width: number;
  height: number;
  url: string;
}

export interface ImageSet {
  /** AVIF and WebP at every width, narrowest first; `srcset` per format is given ready-made too. */
  variants: ImageVariant[];
  srcset: { avif: string; webp: string };
  /** A JPEG for browsers that take neither (the `<img src>`). */
  fallback: ImageVariant | null;
}

export type MediaView =
  | ({ id: number; kind: 'image'; status: MediaStatus; position: number; alt: string; width: number | null; height: number | null } & ImageSet)
  | {
    id: number; kind: 'video'; status: MediaStatus; position: number; alt: string; width: number | null; height: number | null;
    url: string | null; contentType: string; bytes: number;
    /** A frame of the video (when a frame grabber was available), else the creator's chosen image, else null. */
    poster: ImageSet | null;
  };

export type MediaStatus = 'processing' | 'ready' | 'failed';

export interface MediaRow {
  id: number; product_id: number; kind: 'image' | 'video'; status: MediaStatus; position: number; alt: string;
  content_type: string; bytes: number; width: number | null; height: number | null; poster_media_id: number | null;
}

export interface VariantRow {
  media_id: number; object_key: string; role: 'variant' | 'fallback' | 'video' | 'poster' | 'poster_fallback';
  format: string; width: number | null; height: number | null; bytes: number;
}

/** `<base>/media/<sha>.<ext>`; base '' keeps URLs relative to the gateway that serves `/media`. */
export const mediaUrl = (baseUrl: string, objectKey: string) => `${baseUrl}/${objectKey}`;

function imageSet(variants: VariantRow[], roles: ['variant' | 'poster', 'fallback' | 'poster_fallback'], baseUrl: string): ImageSet {
  const toVariant = (v: VariantRow): ImageVariant => ({
    format: (v.format === 'jpeg' ? 'jpeg' : v.format) as ImageVariant['format'],
    width: Number(v.width), height: Number(v.height), url: mediaUrl(baseUrl, v.object_key),
  });
  const list = variants.filter((v) => v.role === roles[0]).map(toVariant).sort((a, b) => a.width - b.width || a.format.localeCompare(b.format));
  const srcset = (format: 'avif' | 'webp') => list.filter((v) => v.format === format).map((v) => `${v.url} ${v.width}w`).join(', ');
  const fallback = variants.find((v) => v.role === roles[1]);
  return { variants: list, srcset: { avif: srcset('avif'), webp: srcset('webp') }, fallback: fallback ? toVariant(fallback) : null };
}

/** Builds the API view of each media row; `all` lists every media by id so a video can borrow its poster image. */
export function toMediaViews(rows: MediaRow[], variants: VariantRow[], baseUrl: string): MediaView[] {
  const byMedia = new Map<number, VariantRow[]>();
  for (const v of variants) {
    const id = Number(v.media_id);
    byMedia.set(id, [...(byMedia.get(id) ?? []), v]);
  }
  const images = new Map<number, ImageSet>();
  for (const r of rows) if (r.kind === 'image') images.set(Number(r.id), imageSet(byMedia.get(Number(r.id)) ?? [], ['variant', 'fallback'], baseUrl));
  return rows.map((r): MediaView => {
    const own = byMedia.get(Number(r.id)) ?? [];
    const base = {
      id: Number(r.id), status: r.status, position: Number(r.position), alt: r.alt,
      width: r.width === null ? null : Number(r.width), height: r.height === null ? null : Number(r.height),
    };
    if (r.kind === 'image') return { ...base, kind: 'image', ...images.get(Number(r.id))! };
    const video = own.find((v) => v.role === 'video');
    const grabbed = own.some((v) => v.role === 'poster') ? imageSet(own, ['poster', 'poster_fallback'], baseUrl) : undefined;
    const chosen = r.poster_media_id === null ? undefined : images.get(Number(r.poster_media_id));
    return {
      ...base, kind: 'video', url: video ? mediaUrl(baseUrl, video.object_key) : null,
      contentType: r.content_type, bytes: Number(video?.bytes ?? r.bytes),
      poster: grabbed ?? (chosen && chosen.variants.length ? chosen : null),
    };
  });
}

/**
 * The media of many products at once (two queries), in display order. `readyOnly` is what shoppers see;
 * the creator's own API also shows media still processing or failed.
 */
export async function loadProductMedia(
  db: Knex | Knex.Transaction, productIds: number[], baseUrl: string, opts: { readyOnly: boolean },
): Promise<Map<number, MediaView[]>> {
  const result = new Map<number, MediaView[]>(productIds.map((id) => [id, []]));
  if (!productIds.length) return result;
  const q = db<MediaRow>('product_media').whereIn('product_id', productIds).whereNull('deleted_at').orderBy(['product_id', 'position', 'id']);
  // Posters may point at any image of the product, so fetch everything and filter after building.
  const rows = (await q) as MediaRow[];
  if (!rows.length) return result;
  const variants = (await db<VariantRow>('media_variants').whereIn('media_id', rows.map((r) => r.id))) as VariantRow[];
  const views = toMediaViews(rows, variants, baseUrl);
  rows.forEach((r, i) => {
    const view = views[i]!;
    if (opts.readyOnly && view.status !== 'ready') return;
    result.get(Number(r.product_id))!.push(view);
  });
  return result;
}

