import { z } from 'zod';
import { notFound } from '@livedrop/common';
import type { RouteContext } from '../app';
import { currentUser, requireAuth } from '../auth/require-auth';
import { decodeCursor, pageQuery, toPage } from '../http/pagination';
import { createNotificationsRepo } from '../notifications/notifications-repo';

const notification = z.object({
  id: z.number().int(),
  type: z.string(),
  dropId: z.number().int().nullable(),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
const notificationPage = z.object({ items: z.array(notification), nextCursor: z.string().nullable() });
const notificationParams = z.object({ notificationId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

/** The signed-in user's alerts (drop started, …): what they missed while not connected. */
export function registerNotificationRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const repo = createNotificationsRepo(ctx.knex);
  const authed = requireAuth(ctx.tokens);

  api.addRoute(router, {
    method: 'get', path: '/me/notifications', tag: 'notifications', auth: 'bearer',
    summary: 'Your notifications, newest first (keyset pagination: pass nextCursor as cursor)',
    query: pageQuery,
    responses: { 200: { description: 'A page of notifications', schema: notificationPage } },
    before: [authed],
  }, async (req, res, { query }) => {
    const rows = await repo.page(currentUser(req).id, query.limit, decodeCursor(query.cursor)?.id);
    res.json(toPage(rows, query.limit, (n) => ({ createdAt: new Date(n.createdAt), id: n.id })));
  });

  api.addRoute(router, {
    method: 'post', path: '/me/notifications/:notificationId/read', tag: 'notifications', auth: 'bearer',
    summary: 'Mark one of your notifications read (idempotent)',
    params: notificationParams,
    responses: { 200: { description: 'The notification', schema: z.object({ notification }) }, 404: { description: 'notification_not_found' } },
    before: [authed],
  }, async (req, res, { params }) => {
    const updated = await repo.markRead(currentUser(req).id, params.notificationId);
    if (!updated) throw notFound('notification_not_found', `you have no notification ${params.notificationId}`);
    res.json({ notification: updated });
  });
}
