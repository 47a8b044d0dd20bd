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
  type Side = 'creator_id' | 'follower_id';
  /** One side of the follow graph: the users on the `other` side of `side = id`, newest edge first (keyset paged). */
  function listEdges(side: Side, id: number, other: Side, limit: number, cursor?: Cursor): Promise<FollowListRow[]> {
    const q = knex('follows as f')
      .join('users as u', 'u.id', `f.${other}`)
      .where(`f.${side}`, id)
      .select('u.id as user_id', 'u.display_name', 'f.created_at')
      .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: `f.${other}`, order: 'desc' }])
      .limit(limit + 1);
    return afterCursor(q, 'f.created_at', `f.${other}`, cursor);
  }

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
    /** A creator's followers, newest first. */
    listFollowers: (creatorId: number, limit: number, cursor?: Cursor) => listEdges('creator_id', creatorId, 'follower_id', limit, cursor),
    /** The creators a shopper follows, newest first. */
    listFollowing: (followerId: number, limit: number, cursor?: Cursor) => listEdges('follower_id', followerId, 'creator_id', limit, cursor),
  };
}
