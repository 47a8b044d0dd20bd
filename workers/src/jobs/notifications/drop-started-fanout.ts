import { pushToUsers, type Knex, type Redis } from '@livedrop/common';

export const DROP_STARTED_BATCH = 'drop-started-batch';

export interface DropStartedBatch {
  dropId: number;
  /** This page holds followers with afterFollowerId < id <= upToFollowerId (no upper bound on the last page). */
  afterFollowerId: number;
  upToFollowerId: number | null;
}

/** One job per (drop, page): a re-planned page gets the same id, so BullMQ drops the repeat. */
export const dropStartedJobId = (b: Pick<DropStartedBatch, 'dropId' | 'afterFollowerId'>) => `drop-started-${b.dropId}-${b.afterFollowerId}`;

/**
 * Splits a creator's followers into pages of `batchSize` by follower id, in one index scan that returns
 * only the page boundaries, so every page can be queued at once and run in parallel.
 */
export async function planDropStartedPages(knex: Knex, dropId: number, creatorId: number, batchSize: number): Promise<DropStartedBatch[]> {
  const rows = (await knex
    .select('follower_id')
    .from(knex('follows').where('creator_id', creatorId).select('follower_id', knex.raw('ROW_NUMBER() OVER (ORDER BY follower_id) AS rn')).as('ranked'))
    .whereRaw('MOD(rn, ?) = 0', [batchSize])
    .orderBy('follower_id')) as { follower_id: number }[];
  const bounds = rows.map((r) => Number(r.follower_id));
  const pages: DropStartedBatch[] = [];
  let after = 0;
  for (const upTo of bounds) {
    pages.push({ dropId, afterFollowerId: after, upToFollowerId: upTo });
    after = upTo;
  }
  pages.push({ dropId, afterFollowerId: after, upToFollowerId: null }); // the rest, including late follows
  return pages;
}

const freshColumn = (knex: Knex) => knex.raw('n.id IS NULL AS fresh');

export const dropStartedDedupeKey = (dropId: number) => `drop_started:${dropId}`;

interface DropSummary {
  id: number;
  creator_id: number;
  product_id: number;
  status: string;
  starts_at: Date;
  ends_at: Date;
  title: string;
}

/**
 * Tells one page of a creator's followers that a drop started: stores a notification row per follower
 * (unique (user_id, dedupe_key)) and pushes only to followers that did not have one yet, so a job that
 * runs twice (after succeeding) neither duplicates rows nor alerts twice.
 */
export function createDropStartedFanout(deps: { knex: Knex; redis: Redis }) {
  return async function runBatch(batch: DropStartedBatch): Promise<{ followers: number; pushed: number }> {
    const drop = (await deps.knex('drops')
      .join('products', 'products.id', 'drops.product_id')
      .where('drops.id', batch.dropId)
      .first('drops.id', 'drops.creator_id', 'drops.product_id', 'drops.status', 'drops.starts_at', 'drops.ends_at', 'products.title')) as
      | DropSummary
      | undefined;
    // A drop cancelled (or never started) before the job ran alerts nobody.
    if (!drop || drop.status === 'scheduled' || drop.status === 'cancelled') return { followers: 0, pushed: 0 };

    const dedupeKey = dropStartedDedupeKey(drop.id);
    // The page's followers and, in the same query, whether each already has this alert (anti-join on the
    // unique (user_id, dedupe_key) index): one round trip instead of two before the push.
    const page = deps.knex('follows as f')
      .leftJoin('notifications as n', (j) => j.on('n.user_id', '=', 'f.follower_id').andOnVal('n.dedupe_key', '=', dedupeKey))
      .where('f.creator_id', drop.creator_id)
      .andWhere('f.follower_id', '>', batch.afterFollowerId)
      .orderBy('f.follower_id')
      .select('f.follower_id', freshColumn(deps.knex));
    if (batch.upToFollowerId !== null) page.andWhere('f.follower_id', '<=', batch.upToFollowerId);
    const rows = (await page) as { follower_id: number; fresh: number | string }[];
    if (rows.length === 0) return { followers: 0, pushed: 0 };
    const followers = rows.map((r) => Number(r.follower_id));
    const fresh = rows.filter((r) => Number(r.fresh) === 1).map((r) => Number(r.follower_id));
    if (fresh.length === 0) return { followers: followers.length, pushed: 0 };

    const message = {
      type: 'drop_started' as const,
      dropId: Number(drop.id),
      creatorId: Number(drop.creator_id),
      productId: Number(drop.product_id),
      title: drop.title,
      startsAt: new Date(drop.starts_at).toISOString(),
      endsAt: new Date(drop.ends_at).toISOString(),
    };
    // Push first: the alert is what must arrive within 2 s; the stored copy (for GET /me/notifications)
    // can land a moment later. If the insert fails the job retries and pushes again: at-least-once.
    // One publish for the whole page; every gateway expands it to the sockets it holds.
    await pushToUsers(deps.redis, fresh, message);
    const payload = JSON.stringify(message);
    await deps.knex('notifications')
      .insert(fresh.map((userId) => ({ user_id: userId, type: 'drop_started', drop_id: drop.id, dedupe_key: dedupeKey, payload })))
      .onConflict()
      .ignore();
    return { followers: followers.length, pushed: fresh.length };
  };
}

export const FANOUT_JOB_OPTS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
