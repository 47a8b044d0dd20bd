import { loadProductMedia, mediaUrlList, productFromRow, type Knex, type MediaView, type ProductRow } from '@livedrop/common';
import { OPEN_DROP_STATUSES, RUNNING_DROP_STATUSES } from '@livedrop/common';
import { decodeKeysetCursor, encodeKeysetCursor } from '@livedrop/common';
import type { CreatorView, DropListQuery, DropView, ProductView } from './catalog-schemas';

const iso = (d: Date | string) => new Date(d).toISOString();

const DROP_COLUMNS = [
  'd.id', 'd.status', 'd.creator_id', 'd.product_id', 'd.prequeue_opens_at', 'd.starts_at', 'd.ends_at',
  'd.total_stock', 'd.per_user_limit', 'd.seed_hash', 'd.seed',
  'p.title', 'p.media_urls',
];
// Shoppers see the drop's price, fixed when it was scheduled (the product's only for drops older than that).
const DROP_PRICE_COLUMNS = ['COALESCE(d.price_minor, p.price_minor) AS price_minor', 'COALESCE(d.currency, p.currency) AS currency'];

interface DropRow {
  id: number; status: DropView['status']; creator_id: number; product_id: number;
  prequeue_opens_at: Date; starts_at: Date; ends_at: Date; total_stock: number; per_user_limit: number;
  seed_hash: string; seed: string | null; title: string; price_minor: number; currency: string; media_urls: unknown;
}


type DropProduct = DropView['product'];

/** The drop card's picture: the first ready uploaded image (srcset-ready), else the first hand-typed URL. */
function productImage(row: { media_urls: unknown }, media: MediaView[] = []): Pick<DropProduct, 'imageUrl' | 'image'> {
  const first = media.find((m) => m.kind === 'image');
  if (first?.kind !== 'image') return { imageUrl: mediaUrlList(row.media_urls)[0] ?? null, image: null };
  const { variants, srcset, fallback, alt, width, height } = first;
  return { imageUrl: fallback?.url ?? variants.at(-1)?.url ?? null, image: { variants, srcset, fallback, alt, width, height } };
}

function toDropView(row: DropRow, media?: MediaView[]): DropView {
  return {
    id: Number(row.id),
    status: row.status,
    creatorId: Number(row.creator_id),
    product: {
      id: Number(row.product_id),
      title: row.title,
      priceMinor: Number(row.price_minor),
      currency: row.currency,
      ...productImage(row, media),
    },
    prequeueOpensAt: iso(row.prequeue_opens_at),
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    totalStock: Number(row.total_stock),
    perUserLimit: Number(row.per_user_limit),
    seedHash: row.seed_hash,
    // The seed decides the pre-queue shuffle: showing it before the start would let anyone predict it.
    seed: row.status === 'scheduled' ? null : row.seed,
  };
}

function toProductView(row: ProductRow, media: MediaView[] = []): ProductView {
  return { ...productFromRow(row), media };
}

/** Keyset cursor over (starts_at, id): stable while drops are added, unlike offsets. */
export const encodeCursor = (startsAt: string, id: number) => encodeKeysetCursor(new Date(startsAt), id);

export function decodeCursor(cursor: string): { startsAt: Date; id: number } | undefined {
  const position = decodeKeysetCursor(cursor);
  return position && Number.isSafeInteger(position.id) && Number(position.id) >= 0
    ? { startsAt: position.at, id: position.id as number } : undefined;
}

const LIST_STATUSES = { live: RUNNING_DROP_STATUSES, upcoming: ['scheduled'], ended: ['ended'] } as const;
const CREATOR_PAGE_ITEMS = 50;

/** `mediaBaseUrl`: MEDIA_PUBLIC_BASE_URL ('' = the gateway's own /media route, else the CDN). */
export function createCatalogRepo(knex: Knex, mediaBaseUrl = '') {
  const drops = () => knex('drops as d').join('products as p', 'p.id', 'd.product_id')
    .select([...DROP_COLUMNS, ...DROP_PRICE_COLUMNS.map((c) => knex.raw(c))]);
  const mediaOf = (productIds: number[]) => loadProductMedia(knex, [...new Set(productIds)], mediaBaseUrl, { readyOnly: true });
  const dropViews = async (rows: DropRow[]) => {
    const media = await mediaOf(rows.map((r) => Number(r.product_id)));
    return rows.map((r) => toDropView(r, media.get(Number(r.product_id))));
  };

  return {
    async dropDetail(id: number): Promise<DropView | undefined> {
      const row = (await drops().where('d.id', id).first()) as DropRow | undefined;
      return row && (await dropViews([row]))[0];
    },

    /** `after` must already be a decoded, valid cursor. */
    async listDrops(query: DropListQuery, after?: { startsAt: Date; id: number }): Promise<{ drops: DropView[]; nextCursor: string | null }> {
      const statuses = query.status ? LIST_STATUSES[query.status] : [...LIST_STATUSES.live, ...LIST_STATUSES.upcoming];
      // Ended drops read newest first (what just happened); the rest soonest first. The cursor follows the order.
      const order = query.status === 'ended' ? 'desc' : 'asc';
      const past = order === 'desc' ? '<' : '>';
      const q = drops().whereIn('d.status', statuses)
        .orderBy([{ column: 'd.starts_at', order }, { column: 'd.id', order }]).limit(query.limit + 1);
      if (after) {
        q.where((w) => w.where('d.starts_at', past, after.startsAt).orWhere((e) => e.where('d.starts_at', after.startsAt).andWhere('d.id', past, after.id)));
      }
      const rows = (await q) as DropRow[];
      const page = await dropViews(rows.slice(0, query.limit));
      const last = page[page.length - 1];
      return { drops: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last.startsAt, last.id) : null };
    },

    async product(id: number): Promise<ProductView | undefined> {
      const row = (await knex('products').where({ id }).whereNull('deleted_at').first()) as ProductRow | undefined;
      return row && toProductView(row, (await mediaOf([Number(row.id)])).get(Number(row.id)));
    },

    async creator(id: number): Promise<CreatorView | undefined> {
      const user = await knex('users').where({ id, role: 'creator' }).first('id', 'display_name', 'created_at');
      if (!user) return undefined;
      const [products, creatorDrops, [count]] = await Promise.all([
        knex('products').where({ creator_id: id }).whereNull('deleted_at').orderBy('id', 'desc').limit(CREATOR_PAGE_ITEMS) as Promise<ProductRow[]>,
        drops().where('d.creator_id', id).whereIn('d.status', OPEN_DROP_STATUSES).orderBy('d.starts_at').limit(CREATOR_PAGE_ITEMS) as Promise<DropRow[]>,
        knex('follows').where({ creator_id: id }).count({ n: '*' }) as Promise<{ n: number | string }[]>,
      ]);
      const media = await mediaOf(products.map((p) => Number(p.id)));
      return {
        id: Number(user.id),
        displayName: user.display_name as string,
        createdAt: iso(user.created_at as Date),
        followerCount: Number(count?.n ?? 0),
        products: products.map((p) => toProductView(p, media.get(Number(p.id)))),
        drops: await dropViews(creatorDrops),
      };
    },
  };
}

export type CatalogRepo = ReturnType<typeof createCatalogRepo>;
