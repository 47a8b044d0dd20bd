import { pushToUsers, type Knex, type Redis } from '@livedrop/common';
import { createDropsRepo } from '../../repos/drops-repo';
import { createFollowersRepo } from './followers-repo';

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
  const bounds = await createFollowersRepo(knex).pageBounds(creatorId, batchSize);
  const pages: DropStartedBatch[] = [];
  let after = 0;
  for (const upTo of bounds) {
    pages.push({ dropId, afterFollowerId: after, upToFollowerId: upTo });
    after = upTo;
  }
  pages.push({ dropId, afterFollowerId: after, upToFollowerId: null }); // the rest, including late follows
  return pages;
}

export const dropStartedDedupeKey = (dropId: number) => `drop_started:${dropId}`;

/**
 * Tells one page of a creator's followers that a drop started: stores a notification row per follower
 * (unique (user_id, dedupe_key)) and pushes only to followers that did not have one yet, so a job that
 * runs twice (after succeeding) neither duplicates rows nor alerts twice.
 */
export function createDropStartedFanout(deps: { knex: Knex; redis: Redis }) {
  const drops = createDropsRepo(deps.knex);
  const followersRepo = createFollowersRepo(deps.knex);
  return async function runBatch(batch: DropStartedBatch): Promise<{ followers: number; pushed: number }> {
    const drop = await drops.summaryOf(batch.dropId);
    // A drop cancelled (or never started) before the job ran alerts nobody.
    if (!drop || drop.status === 'scheduled' || drop.status === 'cancelled') return { followers: 0, pushed: 0 };

    const dedupeKey = dropStartedDedupeKey(drop.id);
    // The page's followers with, in the same query, whether each already has this alert.
    const rows = await followersRepo.page(drop.creator_id, batch.afterFollowerId, batch.upToFollowerId, dedupeKey);
    if (rows.length === 0) return { followers: 0, pushed: 0 };
    const followers = rows.map((r) => r.followerId);
    const fresh = rows.filter((r) => r.fresh).map((r) => r.followerId);
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
    await followersRepo.storeOnce(fresh, { type: 'drop_started', dropId: drop.id, dedupeKey, payload });
    return { followers: followers.length, pushed: fresh.length };
  };
}

export const FANOUT_JOB_OPTS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 200 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;
