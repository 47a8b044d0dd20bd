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
