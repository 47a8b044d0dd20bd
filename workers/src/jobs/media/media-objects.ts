import type { Knex } from '@livedrop/common';

export interface NewObject {
  key: string;
  contentType: string;
  bytes: number;
}

/**
 * Records objects BEFORE their bytes are written, with touched_at = now: GC only deletes objects untouched for
 * the grace period, and it re-checks under this row's lock, so it can never delete bytes a job is writing.
 */
export async function recordObjects(knex: Knex, objects: NewObject[]): Promise<void> {
  if (!objects.length) return;
  await knex('media_objects')
    .insert(objects.map((o) => ({ object_key: o.key, content_type: o.contentType, bytes: o.bytes, touched_at: knex.fn.now(3) })))
    .onConflict('object_key')
    .merge(['touched_at']);
}

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

export async function unreferencedObjectKeys(knex: Knex, cutoff: Date, limit: number): Promise<string[]> {
  return (await unreferenced(knex, knex('media_objects as o'), cutoff).limit(limit).pluck('o.object_key')) as string[];
}

/**
 * Deletes the object's row if it is still unreferenced, re-checked under its row lock, calling `deleteBytes`
 * while the lock is held: a job recording the same bytes again (touched_at = now) wins. True when deleted.
 */
export async function deleteObjectIfUnreferenced(knex: Knex, key: string, cutoff: Date, deleteBytes: () => Promise<void>): Promise<boolean> {
  return knex.transaction(async (trx) => {
    const still = await unreferenced(knex, trx('media_objects as o'), cutoff).where('o.object_key', key).forUpdate().first('o.object_key');
    if (!still) return false;
    await deleteBytes();
    await trx('media_objects').where({ object_key: key }).delete();
    return true;
  });
}

/** Uploads registered by nobody before they expired. */
export async function expiredUploadIds(knex: Knex, now: Date, limit: number): Promise<string[]> {
  return (await knex('media_uploads').where('expires_at', '<', now).limit(limit).pluck('id')) as string[];
}

export async function deleteExpiredUpload(knex: Knex, id: string, now: Date): Promise<void> {
  await knex('media_uploads').where({ id }).where('expires_at', '<', now).delete();
}
