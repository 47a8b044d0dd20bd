import { z } from 'zod';
import type { RouteContext } from '../app';
import { currentUser, requireAuth } from '../auth/require-auth';
import { createFollowService } from '../follows/follow-service';
import { decodeCursor, pageQuery } from '../http/pagination';

const creatorParams = z.object({ creatorId: z.coerce.number().int().positive() });
const followPage = z.object({
  items: z.array(z.object({ userId: z.number().int(), displayName: z.string(), followedAt: z.string() })),
  nextCursor: z.string().nullable(),
});

/** Follow / unfollow creators and read follower lists. Any signed-in role may follow a creator. */
export function registerFollowRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const follows = createFollowService(ctx.knex);
  const authed = requireAuth(ctx.tokens);
  const writeLimit = ctx.rateLimits.writes('follow-writes');

  api.addRoute(router, {
    method: 'put', path: '/creators/:creatorId/follow', tag: 'follows', auth: 'bearer',
    summary: 'Follow a creator (idempotent)',
    params: creatorParams,
    responses: { 204: { description: 'Following' }, 400: { description: 'cannot_follow_self' }, 404: { description: 'creator_not_found' }, 429: { description: 'rate_limited' } },
    before: [authed, writeLimit],
  }, async (req, res, { params }) => {
    await follows.follow(currentUser(req).id, params.creatorId);
    res.status(204).end();
  });

  api.addRoute(router, {
    method: 'delete', path: '/creators/:creatorId/follow', tag: 'follows', auth: 'bearer',
    summary: 'Unfollow a creator (idempotent)',
    params: creatorParams,
    responses: { 204: { description: 'Not following' }, 429: { description: 'rate_limited' } },
    before: [authed, writeLimit],
  }, async (req, res, { params }) => {
    await follows.unfollow(currentUser(req).id, params.creatorId);
    res.status(204).end();
  });

  api.addRoute(router, {
    method: 'get', path: '/me/follows', tag: 'follows', auth: 'bearer',
    summary: 'Creators the signed-in user follows, newest first (keyset pagination)',
    query: pageQuery,
    responses: { 200: { description: 'A page of followed creators', schema: followPage } },
    before: [authed],
  }, async (req, res, { query }) => {
    res.json(await follows.following(currentUser(req).id, query.limit, decodeCursor(query.cursor)));
  });

  api.addRoute(router, {
    method: 'get', path: '/creators/:creatorId/followers', tag: 'follows', auth: 'bearer',
    summary: "A creator's followers, newest first (keyset pagination: pass nextCursor as cursor); only that creator and ops",
    params: creatorParams,
    query: pageQuery,
    responses: {
      200: { description: 'A page of followers', schema: followPage }, 403: { description: 'not_your_followers' }, 404: { description: 'creator_not_found' },
    },
    before: [authed],
  }, async (req, res, { params, query }) => {
    res.json(await follows.followers(currentUser(req), params.creatorId, query.limit, decodeCursor(query.cursor)));
  });

  api.addRoute(router, {
    method: 'get', path: '/creators/:creatorId/follower-count', tag: 'follows',
    summary: "A creator's follower count (public)",
    params: creatorParams,
    responses: { 200: { description: 'Count', schema: z.object({ creatorId: z.number().int(), followerCount: z.number().int() }) }, 404: { description: 'creator_not_found' } },
  }, async (_req, res, { params }) => {
    res.json({ creatorId: params.creatorId, followerCount: await follows.followerCount(params.creatorId) });
  });
}
