import { globalKeys, readCacheVersion, type CacheEntity, type Redis } from '@livedrop/common';

const HIT_TTL_S = 300;
// Unknown ids are cached briefly so a flood of 404s does not reach MySQL; creating the entity bumps
// its version, so a short-lived "missing" entry can never hide a new row anyway.
const MISS_TTL_S = 5;
const MISSING = 'null';
// Versioned keys never change meaning, so an in-process copy of one is not stale: hot entries cost one
// Redis round trip (the version) instead of two. Bounded in size, and in age for the one case where a
// version could go backwards (Redis losing its data and counting from 0 again).
const LOCAL_ENTRIES = 5000;
const LOCAL_TTL_MS = 10_000;

/**
 * Cache-aside over versioned keys: `cache:<entity>:<id>:v<version>:<variant>`. The version is read
 * BEFORE MySQL, so a load that raced with a write is stored under the old version, which nobody reads
 * any more. Concurrent misses for one key in this process share one MySQL load. A missing entity is not
 * kept in process (its short Redis TTL bounds how long a 404 is served).
 */
export function createVersionedCache(redis: Redis) {
  const inflight = new Map<string, Promise<string>>();
  const local = new Map<string, { json: string; expires: number }>();
  const remember = (key: string, json: string) => {
    local.delete(key);
    if (local.size >= LOCAL_ENTRIES) local.delete(local.keys().next().value!);
    local.set(key, { json, expires: Date.now() + LOCAL_TTL_MS });
  };

  return {
    /** Returns the cached JSON text, or undefined when the loader found nothing. */
    async get(
      entity: CacheEntity,
      id: number | string,
      variant: string,
      load: () => Promise<unknown>,
      versionPromise: Promise<number> = readCacheVersion(redis, entity, id),
    ): Promise<string | undefined> {
      const key = globalKeys.cache(`${entity}:${id}:v${await versionPromise}:${variant}`);
      const copy = local.get(key);
      if (copy && copy.expires > Date.now()) return copy.json;
      let json = await redis.get(key);
      if (json === null) {
        let pending = inflight.get(key);
        if (!pending) {
          pending = (async () => {
            const value = await load();
            const text = value === undefined ? MISSING : JSON.stringify(value);
            await redis.set(key, text, { expiration: { type: 'EX', value: value === undefined ? MISS_TTL_S : HIT_TTL_S } });
            return text;
          })().finally(() => inflight.delete(key));
          inflight.set(key, pending);
        }
        json = await pending;
      }
      if (json !== MISSING) remember(key, json);
      return json === MISSING ? undefined : json;
    },
  };
}

export type VersionedCache = ReturnType<typeof createVersionedCache>;
