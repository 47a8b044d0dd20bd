import type { Knex } from '@livedrop/common';
import type { Cursor } from '../http/pagination';

export interface FollowListRow {
  user_id: number;
  display_name: string;
  created_at: Date;
}

/** Newest first; `(created_at, id) < cursor` continues after the last row of the previous page. */
const afterCursor = (q: Knex.QueryBuilder, createdAt: string, id: string, cursor?: Cursor) => {
  if (!cursor) return q;
  return q.where((w) =>
    w.where(createdAt, '<', cursor.createdAt).orWhere((x) => x.where(createdAt, '=', cursor.createdAt).andWhere(id, '<', cursor.id)),
  );
};

export function createFollowsRepo(knex: Knex) {
  return {
    /** Returns true when a row was inserted (false: already following). */
    async insertIgnore(followerId: number, creatorId: number, trx: Knex.Transaction): Promise<boolean> {
      const [result] = await trx.raw('INSERT IGNORE INTO follows (follower_id, creator_id) VALUES (?, ?)', [followerId, creatorId]);
      return (result as { affectedRows: number }).affectedRows === 1;
    },
    async delete(followerId: number, creatorId: number, trx: Knex.Transaction): Promise<boolean> {
      return (await trx('follows').where({ follower_id: followerId, creator_id: creatorId }).delete()) === 1;
    },
    async countFollowers(creatorId: number): Promise<number> {
      const row = await knex('follows').where({ creator_id: creatorId }).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async listFollowers(creatorId: number, limit: number, cursor?: Cursor): Promise<FollowListRow[]> {
      const q = knex('follows as f')
        .join('users as u', 'u.id', 'f.follower_id')
        .where('f.creator_id', creatorId)
        .select('u.id as user_id', 'u.display_name', 'f.created_at')
        .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: 'f.follower_id', order: 'desc' }])
        .limit(limit + 1);
      return afterCursor(q, 'f.created_at', 'f.follower_id', cursor);
    },
    async listFollowing(followerId: number, limit: number, cursor?: Cursor): Promise<FollowListRow[]> {
      const q = knex('follows as f')
        .join('users as u', 'u.id', 'f.creator_id')
        .where('f.follower_id', followerId)
        .select('u.id as user_id', 'u.display_name', 'f.created_at')
        .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: 'f.creator_id', order: 'desc' }])
        .limit(limit + 1);
      return afterCursor(q, 'f.created_at', 'f.creator_id', cursor);
    },
  };
}
