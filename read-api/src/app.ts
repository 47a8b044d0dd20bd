import type { Express } from 'express';
import { createBaseApp, finishApp, type BaseAppDeps, type Knex, type Redis } from '@livedrop/common';

export interface ReadApiDeps extends BaseAppDeps {
  knex: Knex;
  redis: Redis;
}

/** Public, cacheable reads: drops, products, creator pages, served from a Redis cache-aside. */
export function buildReadApiApp(deps: ReadApiDeps): Express {
  const app = createBaseApp(deps);
  return finishApp(app);
}
