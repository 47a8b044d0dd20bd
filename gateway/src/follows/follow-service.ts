import { badRequest, forbidden, notFound, recordEvent, type Knex } from '@livedrop/common';
import type { AuthUser } from '../auth/access-token';
import { toPage, type Cursor } from '../http/pagination';
import { createUsersRepo } from '../users/users-repo';
import { createFollowsRepo, type FollowListRow } from './follows-repo';

const toItem = (row: FollowListRow) => ({
  userId: Number(row.user_id),
  displayName: row.display_name,
  followedAt: new Date(row.created_at).toISOString(),
});
const cursorOf = (row: FollowListRow): Cursor => ({ createdAt: new Date(row.created_at), id: Number(row.user_id) });
const page = (rows: FollowListRow[], limit: number) => {
  const { items, nextCursor } = toPage(rows, limit, cursorOf);
  return { items: items.map(toItem), nextCursor };
};

/** Follow / unfollow are idempotent: the event is recorded only when the relationship actually changes. */
export function createFollowService(knex: Knex) {
  const follows = createFollowsRepo(knex);
  const users = createUsersRepo(knex);

  async function requireCreator(creatorId: number, trx?: Knex.Transaction) {
    const user = await users.findById(creatorId, trx);
    // Users who are not creators cannot be followed: to a follower they simply are not a creator.
    if (!user || user.role !== 'creator') throw notFound('creator_not_found', `no creator with id ${creatorId}`);
  }

  return {
    requireCreator,
    async follow(followerId: number, creatorId: number): Promise<void> {
      if (followerId === creatorId) throw badRequest('cannot_follow_self', 'you cannot follow yourself');
      await knex.transaction(async (trx) => {
        await requireCreator(creatorId, trx);
        if (await follows.insertIgnore(followerId, creatorId, trx)) {
          await recordEvent(trx, { type: 'follow.created', aggregateType: 'creator', aggregateId: creatorId, payload: { followerId, creatorId } });
        }
      });
    },
    async unfollow(followerId: number, creatorId: number): Promise<void> {
      await knex.transaction(async (trx) => {
        if (await follows.delete(followerId, creatorId, trx)) {
          await recordEvent(trx, { type: 'follow.deleted', aggregateType: 'creator', aggregateId: creatorId, payload: { followerId, creatorId } });
        }
      });
    },
    /** Who follows a creator is the creator's (and ops') business, not every signed-in user's. */
    async followers(viewer: AuthUser, creatorId: number, limit: number, cursor?: Cursor) {
      if (viewer.role !== 'ops' && viewer.id !== creatorId) {
        throw forbidden('not_your_followers', "only the creator and ops can list a creator's followers");
      }
      await requireCreator(creatorId);
      return page(await follows.listFollowers(creatorId, limit, cursor), limit);
    },
    async following(followerId: number, limit: number, cursor?: Cursor) {
      return page(await follows.listFollowing(followerId, limit, cursor), limit);
    },
    async followerCount(creatorId: number): Promise<number> {
      await requireCreator(creatorId);
      return follows.countFollowers(creatorId);
    },
  };
}
