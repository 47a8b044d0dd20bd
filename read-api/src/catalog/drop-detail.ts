import { readCacheVersion, stockLeft as stockLeftOf, type Redis } from '@livedrop/common';
import type { VersionedCache } from '../cache/versioned-cache';
import { etagOf, type Freshness } from '../http/send-cacheable';
import type { CatalogRepo } from './catalog-repo';
import type { DropView } from './catalog-schemas';

// Short enough that a browser or CDN never shows a live drop more than a second out of date.
export const LIVE: Freshness = { maxAge: 1, staleWhileRevalidate: 1 };
export const CALM: Freshness = { maxAge: 5, staleWhileRevalidate: 10 };
const STARTING_SOON_MS = 60_000;
// One rendered answer per cached drop JSON: bounded like the versioned cache's in-process copies.
const RENDERED_ENTRIES = 5000;

const isRunning = (status: DropView['status']) => status === 'live' || status === 'sold_out';

/** Drop detail freshness: live, or about to start (status flips at starts_at), gets the 1 s policy. */
function dropFreshness(drop: DropView): Freshness {
  return isRunning(drop.status) || Date.parse(drop.startsAt) - Date.now() < STARTING_SOON_MS ? LIVE : CALM;
}

export interface DropDetailAnswer {
  body: string;
  etag: string;
  freshness: Freshness;
}

interface Rendered {
  drop: DropView;
  stockLeft: number;
  body: string;
  etag: string;
}

/**
 * GET /v1/catalog/drops/:id without the HTTP layer, shared by the Express route and the pre-Express fast
 * path so both answer byte for byte the same. The cache hands back the same JSON string instance while the
 * drop's version is unchanged, so the parsed drop, the rendered body and its ETag are kept per (JSON,
 * stock left): a hot read costs the version + stock round trip and no JSON.parse / stringify / sha1.
 */
export function createDropDetail(deps: { repo: CatalogRepo; cache: VersionedCache; redis: Redis }) {
  const { repo, cache, redis } = deps;
  const rendered = new Map<string, Rendered>();

  return async (dropId: number): Promise<DropDetailAnswer | undefined> => {
    // Stock is never cached: read it alongside the version (one pipelined round trip), use it if live.
    const stockPromise = stockLeftOf(redis, dropId);
    const json = await cache.get('drop', dropId, 'detail', () => repo.dropDetail(dropId), readCacheVersion(redis, 'drop', dropId));
    const stock = await stockPromise;
    if (json === undefined) return undefined;
    let entry = rendered.get(json);
    const drop = entry?.drop ?? (JSON.parse(json) as DropView);
    const stockLeft = isRunning(drop.status)
      ? (stock === null ? (drop.status === 'sold_out' ? 0 : drop.totalStock) : Math.max(0, stock))
      : drop.totalStock;
    if (!entry || entry.stockLeft !== stockLeft) {
      const body = JSON.stringify({ drop: { ...drop, stockLeft } });
      entry = { drop, stockLeft, body, etag: etagOf(body) };
      rendered.delete(json);
      if (rendered.size >= RENDERED_ENTRIES) rendered.delete(rendered.keys().next().value!);
      rendered.set(json, entry);
    }
    return { body: entry.body, etag: entry.etag, freshness: dropFreshness(drop) };
  };
}

export type DropDetail = ReturnType<typeof createDropDetail>;
