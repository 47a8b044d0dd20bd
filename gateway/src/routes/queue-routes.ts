import { z } from 'zod';
import { notFound } from '@livedrop/common';
import { hasRestockAlert, readPrequeueDraw, setRestockAlert } from '@livedrop/waiting-room';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';

const params = z.object({ dropId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const queueView = z.object({
  dropId: z.number().int(),
  ticket: z.number().int().nullable().describe('null while in the pre-queue: tickets are drawn at the start'),
  status: z.enum(['prequeue', 'waiting', 'admitted', 'completed', 'expired', 'sold_out']),
  position: z.number().int().nullable().describe('ticket − serving'),
  eta: z.number().int().nullable().describe('seconds until admission at the current rate (position / rate)'),
  serving: z.number().int(),
  queueLength: z.number().int(),
  rate: z.number().describe('admissions per second right now'),
  soldOut: z.boolean(),
  paused: z.boolean(),
  stockLeft: z.number().int().nullable().optional(),
  admissionToken: z.string().optional().describe('present while admitted and not yet used'),
  expiresAt: z.number().int().optional().describe('epoch ms when the admission (and its token) ends'),
});

const leftQueue = z.object({
  dropId: z.number().int(),
  status: z.enum(['left', 'completed']).describe('completed: the admission was already spent on an order; nothing changed'),
  ticket: z.number().int().nullable().describe('the ticket given up; null when leaving the pre-queue'),
  admissionReleased: z.boolean().describe('an open admission went back to the line (its token no longer buys)'),
});

const errors = {
  401: { description: 'missing_token | invalid_token | token_expired' },
  404: { description: 'drop_not_found' },
};

/**
 * The waiting room for shoppers. Joining is one Lua call (no rate limit needed: it is idempotent and an
 * account holds one ticket however often it asks). Positions are pushed as queue_tick; /queue/me is the fallback.
 */
export function registerQueueRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const room = ctx.waitingRoom;
  const authed = requireAuth(ctx.tokens);

  // A join without a body is normally answered before Express by `queue-fast-path.ts` (see gatewayFastPaths in app.ts).
  api.addRoute(router, {
    method: 'post', path: '/drops/:dropId/queue', tag: 'waiting-room', auth: 'bearer', roles: ['shopper'],
    summary: 'Join a drop’s queue: one ticket per account (joining again returns the same place). Before the start you join the pre-queue, shuffled at the start',
    params,
    responses: {
      200: { description: 'Your place', schema: queueView }, ...errors,
      403: { description: 'wrong_role' },
      409: { description: 'queue_not_open | drop_ended | queue_draining' },
      410: { description: 'drop_cancelled' },
    },
    before: [authed, requireRole('shopper')],
  }, async (req, res, { params: p }) => {
    res.json(await room.join(p.dropId, currentUser(req).id));
  });

  api.addRoute(router, {
    method: 'get', path: '/drops/:dropId/queue/me', tag: 'waiting-room', auth: 'bearer',
    summary: 'Your ticket, position, ETA and status; the admission token while admitted and not yet used',
    params,
    responses: { 200: { description: 'Your place', schema: queueView }, ...errors, 404: { description: 'drop_not_found | not_in_queue' } },
    before: [authed],
  }, async (req, res, { params: p }) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await room.status(p.dropId, currentUser(req).id));
  });

  // Two spellings of one action: DELETE for API clients, POST for clients limited to GET/POST (a page leaving on
  // unload uses `fetch(url, { method, keepalive: true, headers: { authorization } })`: sendBeacon cannot send the token).
  const leaveRoutes = [
    ['delete', '/drops/:dropId/queue/me'],
    ['post', '/drops/:dropId/queue/leave'],
  ] as const;
  for (const [method, path] of leaveRoutes) {
    api.addRoute(router, {
      method, path, tag: 'waiting-room', auth: 'bearer',
      summary: 'Leave the queue: your place is given up, and an admission you hold goes to the next shopper at once '
        + '(its token stops working). Leaving again answers the same; joining again takes a new place at the back',
      params,
      responses: {
        200: { description: 'You left', schema: leftQueue }, ...errors,
        404: { description: 'drop_not_found | not_in_queue' },
        409: { description: 'queue_opening (the pre-queue is being shuffled; try again in a second)' },
      },
      before: [authed],
    }, async (req, res, { params: p }) => {
      res.setHeader('cache-control', 'no-store');
      res.json(await room.leave(p.dropId, currentUser(req).id));
    });
  }

  const dropExists = async (dropId: number) => {
    if (!(await ctx.knex('drops').where({ id: dropId }).first('id'))) throw notFound('drop_not_found', 'no such drop');
  };

  api.addRoute(router, {
    method: 'get', path: '/drops/:dropId/draw', tag: 'waiting-room', auth: 'bearer',
    summary: 'The pre-queue draw’s input once it ran: the pre-queue user ids, ascending. With the revealed seed anyone can recompute every pre-queue ticket (waiting-room/README.md)',
    params,
    responses: {
      200: { description: 'The draw', schema: z.object({ dropId: z.number().int(), sealed: z.boolean(), userIds: z.array(z.number().int()) }) },
      ...errors,
    },
    before: [authed],
  }, async (_req, res, { params: p }) => {
    await dropExists(p.dropId);
    res.json({ dropId: p.dropId, ...(await readPrequeueDraw(ctx.redis, p.dropId)) });
  });

  const alertView = z.object({ dropId: z.number().int(), wanted: z.boolean() });
  api.addRoute(router, {
    method: 'get', path: '/drops/:dropId/restock-alert', tag: 'waiting-room', auth: 'bearer', roles: ['shopper'],
    summary: 'Whether you asked to be told when units of this sold-out drop return',
    params,
    responses: { 200: { description: 'Your wish', schema: alertView }, ...errors, 403: { description: 'wrong_role' } },
    before: [authed, requireRole('shopper')],
  }, async (req, res, { params: p }) => {
    await dropExists(p.dropId);
    res.setHeader('cache-control', 'no-store');
    res.json({ dropId: p.dropId, wanted: await hasRestockAlert(ctx.redis, p.dropId, currentUser(req).id) });
  });
  for (const [method, wanted] of [['put', true], ['delete', false]] as const) {
    api.addRoute(router, {
      method, path: '/drops/:dropId/restock-alert', tag: 'waiting-room', auth: 'bearer', roles: ['shopper'],
      summary: wanted
        ? 'Tell me if units return: a `restock` push when this sold-out drop has stock again (idempotent)'
        : 'Stop waiting for returned units (idempotent)',
      params,
      responses: { 200: { description: 'Your wish', schema: alertView }, ...errors, 403: { description: 'wrong_role' } },
      before: [authed, requireRole('shopper')],
    }, async (req, res, { params: p }) => {
      await dropExists(p.dropId);
      await setRestockAlert(ctx.redis, p.dropId, currentUser(req).id, wanted);
      res.json({ dropId: p.dropId, wanted });
    });
  }
}
