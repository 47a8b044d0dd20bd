import type { Knex } from '@livedrop/common';

const freshColumn = (knex: Knex) => knex.raw('n.id IS NULL AS fresh');

/** The notifications job's reads of `follows` and writes of `notifications` (unique (user_id, dedupe_key)). */
export function createFollowersRepo(knex: Knex) {
  return {
    /**
     * Every `batchSize`-th follower id of the creator (page boundaries), in one index scan: the pages can then
     * be queued at once and run in parallel.
     */
    async pageBounds(creatorId: number, batchSize: number): Promise<number[]> {
      const rows = (await knex
        .select('follower_id')
        .from(knex('follows').where('creator_id', creatorId).select('follower_id', knex.raw('ROW_NUMBER() OVER (ORDER BY follower_id) AS rn')).as('ranked'))
        .whereRaw('MOD(rn, ?) = 0', [batchSize])
        .orderBy('follower_id')) as { follower_id: number }[];
      return rows.map((r) => Number(r.follower_id));
    },

    /**
     * The followers with afterId < id <= upToId (no upper bound when null) and, in the same query, whether each
     * has no notification with `dedupeKey` yet (anti-join on the unique index): one round trip before the push.
     */
    async page(creatorId: number, afterId: number, upToId: number | null, dedupeKey: string): Promise<{ followerId: number; fresh: boolean }[]> {
      const page = knex('follows as f')
        .leftJoin('notifications as n', (j) => j.on('n.user_id', '=', 'f.follower_id').andOnVal('n.dedupe_key', '=', dedupeKey))
        .where('f.creator_id', creatorId)
        .andWhere('f.follower_id', '>', afterId)
        .orderBy('f.follower_id')
        .select('f.follower_id', freshColumn(knex));
      if (upToId !== null) page.andWhere('f.follower_id', '<=', upToId);
      const rows = (await page) as { follower_id: number; fresh: number | string }[];
      return rows.map((r) => ({ followerId: Number(r.follower_id), fresh: Number(r.fresh) === 1 }));
    },

    /** Stores one notification per user; a user who already has `dedupeKey` keeps the one row. */
    async storeOnce(userIds: number[], n: { type: string; dropId: number; dedupeKey: string; payload: string }): Promise<void> {
      await knex('notifications')
        .insert(userIds.map((userId) => ({ user_id: userId, type: n.type, drop_id: n.dropId, dedupe_key: n.dedupeKey, payload: n.payload })))
        .onConflict()
        .ignore();
    },
  };
}
