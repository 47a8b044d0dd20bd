import type { Redis } from '../redis/create-redis';
import { globalKeys } from '../redis/keys';

/**
 * read-api caches each entity under a key that contains the entity's version number
 * (`cache:drop:42:v7`). Writers never delete cache entries: the events consumer bumps the version and
 * readers simply stop finding the old key, which then expires. Bumping twice is harmless (one extra miss),
 * so at-least-once event delivery is fine.
 */
export type CacheEntity = 'drop' | 'product' | 'creator' | 'drop-list';

/** The drop lists (live / upcoming) share one version: any drop or product change may reorder them. */
export const DROP_LIST_SCOPE = 'all';

export async function bumpCacheVersions(redis: Redis, targets: [CacheEntity, number | string][]): Promise<void> {
  await Promise.all(targets.map(([entity, id]) => redis.incr(globalKeys.cacheVersion(entity, id))));
}

export async function readCacheVersion(redis: Redis, entity: CacheEntity, id: number | string): Promise<number> {
  return Number((await redis.get(globalKeys.cacheVersion(entity, id))) ?? 0);
}
