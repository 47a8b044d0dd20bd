import { Router } from 'express';
import { badRequest, DROP_LIST_SCOPE, notFound, type Redis } from '@livedrop/common';
import type { VersionedCache } from '../cache/versioned-cache';
import { sendCacheable, type Freshness } from '../http/send-cacheable';
import { decodeCursor, type CatalogRepo } from './catalog-repo';
import { creatorParams, dropListQuery, dropParams, productParams } from './catalog-schemas';
import { CALM, createDropDetail, type DropDetail } from './drop-detail';

export const CATALOG_PREFIX = '/v1/catalog';

const LIST: Freshness = { maxAge: 2, staleWhileRevalidate: 5 };

export function catalogRouter(deps: { repo: CatalogRepo; cache: VersionedCache; redis: Redis; dropDetail?: DropDetail }): Router {
  const { repo, cache } = deps;
  const dropDetail = deps.dropDetail ?? createDropDetail(deps);
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
    const answer = await dropDetail(dropId);
    if (!answer) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
    sendCacheable(req, res, answer.body, answer.freshness, answer.etag);
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
