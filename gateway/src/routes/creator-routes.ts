import { z } from 'zod';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import { createCreatorDrops } from '../drops/creator-drops';
import { dropIdParams } from '../drops/drop-input';
import { createDropUseCases } from '../drops/drop-use-cases';
import { dropDetailSchema } from '../drops/drop-view';

const liveStatsSchema = z.object({
  dropId: z.number().int(), status: z.string(), totalStock: z.number().int(),
  stockLeft: z.number().int().nullable().describe('null until the inventory is loaded at the start'),
  sold: z.number().int().describe('units in confirmed orders'),
  queueLength: z.number().int().describe('pre-queue size before the start, then shoppers waiting'),
  ts: z.number(),
});
const errors = {
  401: { description: 'missing_token | invalid_token | token_expired' },
  403: { description: 'wrong_role | not_drop_owner' },
};

/** A creator's own drops: the list (every status, including scheduled) and one drop's live numbers. */
export function registerCreatorRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const creatorDrops = createCreatorDrops({ knex: ctx.knex, redis: ctx.redis });
  const drops = createDropUseCases({ knex: ctx.knex, workflows: ctx.dropWorkflows });
  const authed = requireAuth(ctx.tokens);

  api.addRoute(router, {
    method: 'get', path: '/me/drops', tag: 'drops', auth: 'bearer', roles: ['creator'],
    summary: 'Your drops, every status, latest start first (at most 200)',
    responses: {
      200: { description: 'Drops', schema: z.object({ drops: z.array(dropDetailSchema.extend({ productTitle: z.string() })) }) },
      ...errors,
    },
    before: [authed, requireRole('creator')],
  }, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ drops: await creatorDrops.list(currentUser(req).id) });
  });

  api.addRoute(router, {
    method: 'get', path: '/drops/:dropId/live', tag: 'drops', auth: 'bearer', roles: ['creator', 'ops'],
    summary: "Your drop's live numbers: queue length, units sold, stock left (its creator or ops only)",
    params: dropIdParams,
    responses: {
      200: { description: 'Live numbers', schema: liveStatsSchema }, 400: { description: 'validation_failed' }, ...errors,
      404: { description: 'drop_not_found' },
    },
    before: [authed, requireRole('creator', 'ops')],
  }, async (req, res, { params }) => {
    const drop = await drops.get(currentUser(req), params.dropId);
    res.setHeader('cache-control', 'no-store');
    res.json(await creatorDrops.liveStats(drop));
  });
}
