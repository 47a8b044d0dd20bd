/** A `products` row as both the gateway (creator studio) and read-api (catalog) read it. */
export interface ProductRow {
  id: number;
  creator_id: number;
  title: string;
  description: string;
  price_minor: number;
  currency: string;
  /** MariaDB's JSON is LONGTEXT, so the driver may hand back the raw string. */
  media_urls: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

/** What every view of a product shows (the catalog adds its processed media). */
export interface ProductFacts {
  id: number;
  creatorId: number;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  mediaUrls: string[];
  createdAt: string;
  updatedAt: string;
}

/** The hand-typed media URLs of a row, whatever form the driver gave them in; anything but strings is dropped. */
export function mediaUrlList(raw: unknown): string[] {
  const list = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  return Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : [];
}

export const productFromRow = (row: ProductRow): ProductFacts => ({
  id: Number(row.id),
  creatorId: Number(row.creator_id),
  title: row.title,
  description: row.description,
  priceMinor: Number(row.price_minor),
  currency: row.currency,
  mediaUrls: mediaUrlList(row.media_urls),
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});
