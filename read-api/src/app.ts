import type { Express } from 'express';
import { createBaseApp, finishApp, type BaseAppDeps, type Knex, type Redis } from '@livedrop/common';
import { createVersionedCache } from './cache/versioned-cache';
import { createCatalogRepo } from './catalog/catalog-repo';
import { catalogRouter, CATALOG_PREFIX } from './catalog/catalog-routes';

export interface ReadApiDeps extends BaseAppDeps {
  knex: Knex;
  redis: Redis;
}

/** Public, cacheable reads: drops, products, creator pages, served from a Redis cache-aside. */
export function buildReadApiApp(deps: ReadApiDeps): Express {
  const app = createBaseApp(deps);
  app.use(CATALOG_PREFIX, catalogRouter({
    repo: createCatalogRepo(deps.knex),
    cache: createVersionedCache(deps.redis),
    redis: deps.redis,
  }));
  return finishApp(app);
}
