import { Router } from 'express';
import { badRequest, dropKeys, DROP_LIST_SCOPE, notFound, readCacheVersion, type Redis } from '@livedrop/common';
import type { VersionedCache } from '../cache/versioned-cache';
import { sendCacheable, type Freshness } from '../http/send-cacheable';
import { decodeCursor, type CatalogRepo } from './catalog-repo';
import { creatorParams, dropListQuery, dropParams, productParams, type DropView } from './catalog-schemas';

export const CATALOG_PREFIX = '/v1/catalog';

// Short enough that a browser or CDN never shows a live drop more than a second out of date.
const LIVE: Freshness = { maxAge: 1, staleWhileRevalidate: 1 };
const LIST: Freshness = { maxAge: 2, staleWhileRevalidate: 5 };
const CALM: Freshness = { maxAge: 5, staleWhileRevalidate: 10 };
const STARTING_SOON_MS = 60_000;

const isRunning = (status: DropView['status']) => status === 'live' || status === 'sold_out';

/** Drop detail freshness: live, or about to start (status flips at starts_at), gets the 1 s policy. */
function dropFreshness(drop: DropView): Freshness {
  return isRunning(drop.status) || Date.parse(drop.startsAt) - Date.now() < STARTING_SOON_MS ? LIVE : CALM;
}

export function catalogRouter(deps: { repo: CatalogRepo; cache: VersionedCache; redis: Redis }): Router {
  const { repo, cache, redis } = deps;
  const router = Router();

  router.get('/drops', async (req, res) => {
    const query = dropListQuery.parse(req.query);
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && !after) throw badRequest('invalid_cursor', 'cursor is not one this API issued');
    const variant = `${query.status ?? 'all'}:${query.limit}:${query.cursor ?? ''}`;
    const json = await cache.get('drop-list', DROP_LIST_SCOPE, variant, () => repo.listDrops(query, after));
    sendCacheable(req, res, json!, LIST);
  });

  router.get('/drops/:dropId', async (req, res) => {
    const { dropId } = dropParams.parse(req.params);
    // Stock is never cached: read it alongside the version (one pipelined round trip), use it if live.
    const stockPromise = redis.get(dropKeys(dropId).stock);
    const json = await cache.get('drop', dropId, 'detail', () => repo.dropDetail(dropId), readCacheVersion(redis, 'drop', dropId));
    const stock = await stockPromise;
    if (json === undefined) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
    const drop = JSON.parse(json) as DropView;
    const stockLeft = isRunning(drop.status) ? (stock === null ? (drop.status === 'sold_out' ? 0 : drop.totalStock) : Math.max(0, Number(stock))) : drop.totalStock;
    sendCacheable(req, res, JSON.stringify({ drop: { ...drop, stockLeft } }), dropFreshness(drop));
  });

  router.get('/products/:productId', async (req, res) => {
    const { productId } = productParams.parse(req.params);
    const json = await cache.get('product', productId, 'detail', async () => {
      const product = await repo.product(productId);
      return product && { product };
    });
    if (json === undefined) throw notFound('product_not_found', `product ${productId} does not exist`);
    sendCacheable(req, res, json, CALM);
  });

  router.get('/creators/:creatorId', async (req, res) => {
    const { creatorId } = creatorParams.parse(req.params);
    const json = await cache.get('creator', creatorId, 'page', async () => {
      const creator = await repo.creator(creatorId);
      return creator && { creator };
    });
    if (json === undefined) throw notFound('creator_not_found', `creator ${creatorId} does not exist`);
    sendCacheable(req, res, json, CALM);
  });

  return router;
}
