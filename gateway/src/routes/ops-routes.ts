import { z } from 'zod';
import { BOUND_BY, createAdmissionOps } from '@livedrop/waiting-room';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';

const params = z.object({ dropId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const stats = z.object({
  dropId: z.number().int(), status: z.string(), queueOpen: z.boolean(), queueLength: z.number().int(),
  serving: z.number().int(), rate: z.number(),
  effectiveRate: z.number().describe('admissions/s after the order-pipeline bound (the ops rate while the pipeline keeps up)'),
  boundBy: z.enum(BOUND_BY).nullable()
    .describe('what limited the last tick: the ops rate, the order pipeline, units left (at the measured conversion), '
      + 'an empty queue, pause, drain, sold out, or inventory not initialised; null before the first tick'),
  conversion: z.number().nullable().describe('units bought per admission over the recent window'),
  confirmRate: z.number().nullable().describe('orders confirmed per second, sustained'),
  ordersInflight: z.number().int().nullable().describe('orders holding a reservation, not final'),
  admittedNow: z.number().int(), admittedTotal: z.number().int(), noShows: z.number().int(), noShowRate: z.number(),
  stockLeft: z.number().int().nullable(), soldOut: z.boolean(), paused: z.boolean(), draining: z.boolean(),
  drained: z.boolean(), lastTickAt: z.string().nullable(),
});
const changeResult = z.object({
  dropId: z.number().int(), action: z.string(), old: z.record(z.string(), z.string()), new: z.record(z.string(), z.string()),
  effective: z.literal('next_tick'),
});
const errors = {
  401: { description: 'missing_token | invalid_token | token_expired' },
  403: { description: 'wrong_role' },
  404: { description: 'drop_not_found' },
  409: { description: 'drop_closed' },
};

/** Ops tune admission per drop at runtime; every change is audited and read by the controller's next tick. */
export function registerOpsRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const ops = createAdmissionOps({ redis: ctx.redis, knex: ctx.knex });
  const opsOnly = [requireAuth(ctx.tokens), requireRole('ops')];

  api.addRoute(router, {
    method: 'get', path: '/ops/drops', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'Live admission metrics for every live or sold-out drop',
    responses: { 200: { description: 'Drops', schema: z.object({ drops: z.array(stats) }) }, 401: errors[401], 403: errors[403] },
    before: opsOnly,
  }, async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ drops: await ops.liveDrops() });
  });

  api.addRoute(router, {
    method: 'post', path: '/ops/drops/:dropId/admission', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'Set the admission rate (shoppers per second; 0 admits nobody); effective at the next tick',
    params,
    body: z.strictObject({ rate: z.number().min(0).max(100_000) }),
    responses: { 200: { description: 'Changed (audited)', schema: changeResult }, 400: { description: 'validation_failed' }, ...errors },
    before: opsOnly,
  }, async (req, res, { params: p, body }) => {
    res.json(await ops.setRate(p.dropId, currentUser(req).id, body.rate));
  });

  const toggles = [
    ['pause', 'Stop admitting until resumed (joins still accepted; admitted shoppers keep their checkout window)'],
    ['resume', 'Clear pause and drain: admission continues at the set rate'],
    ['drain', 'Wind down: admit nobody more and refuse new joins; admitted shoppers finish (drained once none is left)'],
  ] as const;
  for (const [action, summary] of toggles) {
    api.addRoute(router, {
      method: 'post', path: `/ops/drops/:dropId/${action}`, tag: 'ops', auth: 'bearer', roles: ['ops'], summary,
      params,
      responses: { 200: { description: 'Changed (audited)', schema: changeResult }, ...errors },
      before: opsOnly,
    }, async (req, res, { params: p }) => {
      res.json(await ops[action](p.dropId, currentUser(req).id));
    });
  }
}
