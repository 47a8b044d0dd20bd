import type { Knex, Logger, MediaStorage } from '@livedrop/common';

export interface GarbageDeps {
  knex: Knex;
  storage: MediaStorage;
  logger: Logger;
  graceS: number;
}

const BATCH = 200;

/**
 * A reference keeps an object alive while its media and product exist, and for the grace period after either
 * was deleted (a cached page or CDN may still point at it). Objects recorded recently are never collected.
 */
function unreferenced(knex: Knex, q: Knex.QueryBuilder, cutoff: Date) {
  return q.where('o.touched_at', '<', cutoff).whereNotExists(
    knex('media_variants as v').join('product_media as m', 'm.id', 'v.media_id').join('products as p', 'p.id', 'm.product_id')
      .whereRaw('v.object_key = o.object_key')
      .where((w) => w.whereNull('m.deleted_at').orWhere('m.deleted_at', '>', cutoff))
      .where((w) => w.whereNull('p.deleted_at').orWhere('p.deleted_at', '>', cutoff))
      .select(knex.raw('1')),
  );
}

/** Deletes unreferenced objects past the grace period and expired, unregistered uploads. Safe to run anywhere, any time. */
export async function collectGarbage(deps: GarbageDeps, nowMs = Date.now()): Promise<{ objects: number; uploads: number }> {
  const { knex, storage } = deps;
  const cutoff = new Date(nowMs - deps.graceS * 1000);
  let objects = 0;
  for (;;) {
    const keys = (await unreferenced(knex, knex('media_objects as o'), cutoff).limit(BATCH).pluck('o.object_key')) as string[];
    let removed = 0;
    for (const key of keys) {
      // Re-checked under the row lock: a job recording the same bytes again (touched_at = now) wins.
      const gone = await knex.transaction(async (trx) => {
        const still = await unreferenced(knex, trx('media_objects as o'), cutoff).where('o.object_key', key).forUpdate().first('o.object_key');
        if (!still) return false;
        await storage.delete([key]);
        await trx('media_objects').where({ object_key: key }).delete();
        return true;
      });
      if (gone) removed += 1;
    }
    objects += removed;
    if (keys.length < BATCH || removed === 0) break;
  }

  const expired = (await knex('media_uploads').where('expires_at', '<', new Date(nowMs)).limit(1000).pluck('id')) as string[];
  for (const id of expired) {
    await storage.delete([`uploads/${id}`]);
    await knex('media_uploads').where({ id }).where('expires_at', '<', new Date(nowMs)).delete();
  }
  if (objects || expired.length) deps.logger.info({ objects, uploads: expired.length }, 'media garbage collected');
  return { objects, uploads: expired.length };
}
