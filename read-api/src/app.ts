import type { RequestListener } from 'node:http';
import type { Express } from 'express';
import { createBaseApp, finishApp, withFastPaths, type BaseAppDeps, type Knex, type Redis } from '@livedrop/common';
import { createVersionedCache } from './cache/versioned-cache';
import { createCatalogRepo } from './catalog/catalog-repo';
import { catalogRouter, CATALOG_PREFIX } from './catalog/catalog-routes';
import { createDropDetail } from './catalog/drop-detail';
import { createDropDetailFastPath } from './http/drop-detail-fast-path';

export interface ReadApiDeps extends BaseAppDeps {
  knex: Knex;
  redis: Redis;
  /** MEDIA_PUBLIC_BASE_URL: where media URLs in answers point ('' = the gateway's /media). */
  mediaBaseUrl?: string;
}

function catalogParts(deps: ReadApiDeps) {
  const repo = createCatalogRepo(deps.knex, deps.mediaBaseUrl);
  const cache = createVersionedCache(deps.redis);
  return { repo, cache, redis: deps.redis, dropDetail: createDropDetail({ repo, cache, redis: deps.redis }) };
}

/** Public, cacheable reads: drops, products, creator pages, served from a Redis cache-aside. */
export function buildReadApiApp(deps: ReadApiDeps, parts = catalogParts(deps)): Express {
  const app = createBaseApp(deps);
  app.use(CATALOG_PREFIX, catalogRouter(parts));
  return finishApp(app);
}

/**
 * What read-api's HTTP server runs: the drop-detail fast path in front of the Express app, sharing one
 * cache (so both see the same in-process copies) — see `http/drop-detail-fast-path.ts`.
 */
export function buildReadApiListener(deps: ReadApiDeps): RequestListener {
  const parts = catalogParts(deps);
  return withFastPaths(buildReadApiApp(deps, parts), createDropDetailFastPath({ dropDetail: parts.dropDetail, logger: deps.logger, metrics: deps.metrics }));
}
