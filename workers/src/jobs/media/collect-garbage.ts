import type { Knex, Logger, MediaStorage } from '@livedrop/common';
import { deleteExpiredUpload, deleteObjectIfUnreferenced, expiredUploadIds, unreferencedObjectKeys } from './media-objects';

export interface GarbageDeps {
  knex: Knex;
  storage: MediaStorage;
  logger: Logger;
  graceS: number;
}

const BATCH = 200;

/** Deletes unreferenced objects past the grace period and expired, unregistered uploads. Safe to run anywhere, any time. */
export async function collectGarbage(deps: GarbageDeps, nowMs = Date.now()): Promise<{ objects: number; uploads: number }> {
  const { knex, storage } = deps;
  const cutoff = new Date(nowMs - deps.graceS * 1000);
  let objects = 0;
  for (;;) {
    const keys = await unreferencedObjectKeys(knex, cutoff, BATCH);
    let removed = 0;
    for (const key of keys) {
      if (await deleteObjectIfUnreferenced(knex, key, cutoff, () => storage.delete([key]))) removed += 1;
    }
    objects += removed;
    if (keys.length < BATCH || removed === 0) break;
  }

  const expired = await expiredUploadIds(knex, new Date(nowMs), 1000);
  for (const id of expired) {
    await storage.delete([`uploads/${id}`]);
    await deleteExpiredUpload(knex, id, new Date(nowMs));
  }
  if (objects || expired.length) deps.logger.info({ objects, uploads: expired.length }, 'media garbage collected');
  return { objects, uploads: expired.length };
}
