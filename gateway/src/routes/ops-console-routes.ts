import { z } from 'zod';
import { notFound } from '@livedrop/common';
import { createAdmissionAuditReader, readOpsSnapshot, readSeries, SERIES_WINDOW_MS } from '@livedrop/waiting-room';
import { workflowIds } from '@livedrop/workflows';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import { BOARD_COOKIE, BOARD_PATH, BOARD_SESSION_TTL_S } from '../ops/board-session';
import { auditSchema, dropLinksSchema, opsMetricsSchema, orderLinkSchema, seriesSchema } from '../ops/ops-schemas';
import { temporalWorkflowUrl } from '../ops/temporal-links';

const dropParams = z.object({ dropId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const errors = {
  401: { description: 'missing_token | invalid_token | token_expired' },
  403: { description: 'wrong_role' },
};
const dropMissing = (dropId: number) => notFound('drop_not_found', `drop ${dropId} does not exist`);

/** What the ops console reads besides the admission controls (ops-routes.ts): live metrics, history, audit, links. */
export function registerOpsConsoleRoutes(ctx: RouteContext): void {
  const { api, router, knex, redis, settings, boardSessions: sessions } = ctx;
  const opsOnly = [requireAuth(ctx.tokens), requireRole('ops')];
  const audit = createAdmissionAuditReader(knex);
  const workflowUrl = (id: string) => temporalWorkflowUrl(settings.TEMPORAL_UI_URL, settings.TEMPORAL_NAMESPACE, id);
  const dropExists = async (dropId: number) => {
    if (!(await knex('drops').where({ id: dropId }).first('id'))) throw dropMissing(dropId);
  };
  const orderLink = (r: { id: string; status: string; created_at: Date; workflow_id: string }) => ({
    orderId: r.id, status: r.status, createdAt: new Date(r.created_at).toISOString(), workflowId: r.workflow_id,
    workflowUrl: workflowUrl(r.workflow_id),
  });

  api.addRoute(router, {
    method: 'get', path: '/ops/metrics', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'The latest ops_metrics snapshot: every scheduled, live and sold-out drop (the same message is pushed to ops sockets each tick)',
    responses: { 200: { description: 'Snapshot', schema: opsMetricsSchema }, ...errors },
    before: opsOnly,
  }, async (_req, res) => {
    const snapshot = await readOpsSnapshot(redis);
    res.setHeader('cache-control', 'no-store');
    res.json({ ts: snapshot?.ts ?? null, drops: snapshot?.drops ?? [] });
  });

  api.addRoute(router, {
    method: 'get', path: '/ops/drops/:dropId/series', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'Queue length, admissions/s and confirmed orders/s, one sample per controller tick, for the last 15 minutes',
    params: dropParams,
    query: z.object({ minutes: z.coerce.number().int().min(1).max(15).default(15) }),
    responses: { 200: { description: 'Samples, oldest first', schema: seriesSchema }, 400: { description: 'validation_failed' }, ...errors, 404: { description: 'drop_not_found' } },
    before: opsOnly,
  }, async (_req, res, { params, query }) => {
    await dropExists(params.dropId);
    const windowMs = Math.min(SERIES_WINDOW_MS, query.minutes * 60_000);
    const samples = await readSeries(redis, params.dropId, Date.now(), windowMs);
    res.setHeader('cache-control', 'no-store');
    res.json({
      dropId: params.dropId, windowMs,
      samples: samples.map(({ t, queueLength, admissionsPerS, confirmedPerS }) => ({ t, queueLength, admissionsPerS, confirmedPerS })),
    });
  });

  api.addRoute(router, {
    method: 'get', path: '/ops/drops/:dropId/audit', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'The admission audit log of a drop, newest first: who changed rate, pause, resume or drain, when, from what to what',
    params: dropParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().describe('page: entries with a smaller id'),
    }),
    responses: { 200: { description: 'Entries', schema: auditSchema }, 400: { description: 'validation_failed' }, ...errors, 404: { description: 'drop_not_found' } },
    before: opsOnly,
  }, async (_req, res, { params, query }) => {
    await dropExists(params.dropId);
    res.setHeader('cache-control', 'no-store');
    res.json({ entries: await audit.list(params.dropId, { limit: query.limit, before: query.before }) });
  });

  api.addRoute(router, {
    method: 'get', path: '/ops/drops/:dropId/links', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: "Temporal UI links: the drop's lifecycle workflow and its 10 newest orders' workflows; the Bull Board path",
    params: dropParams,
    responses: { 200: { description: 'Links', schema: dropLinksSchema }, 400: { description: 'validation_failed' }, ...errors, 404: { description: 'drop_not_found' } },
    before: opsOnly,
  }, async (_req, res, { params }) => {
    const drop = await knex('drops').where({ id: params.dropId }).first('id', 'workflow_id');
    if (!drop) throw dropMissing(params.dropId);
    const orders = await knex('orders').where({ drop_id: params.dropId }).orderBy('created_at', 'desc').limit(10)
      .select('id', 'status', 'created_at', 'workflow_id');
    const workflowId = (drop.workflow_id as string | null) ?? workflowIds.dropLifecycle(params.dropId);
    res.json({
      dropId: params.dropId, workflowId, workflowUrl: workflowUrl(workflowId), bullBoardUrl: BOARD_PATH,
      recentOrders: orders.map(orderLink),
    });
  });

  api.addRoute(router, {
    method: 'get', path: '/ops/orders/:orderId/links', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: "The Temporal UI link of one order's workflow",
    params: z.object({ orderId: z.uuid() }),
    responses: { 200: { description: 'Link', schema: orderLinkSchema }, 400: { description: 'validation_failed' }, ...errors, 404: { description: 'order_not_found' } },
    before: opsOnly,
  }, async (_req, res, { params }) => {
    const order = await knex('orders').where({ id: params.orderId }).first('id', 'status', 'created_at', 'workflow_id');
    if (!order) throw notFound('order_not_found', `order ${params.orderId} does not exist`);
    res.json(orderLink(order));
  });

  api.addRoute(router, {
    method: 'post', path: '/ops/board-session', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: `Sets a 10-minute HttpOnly SameSite=Strict cookie that opens Bull Board at ${BOARD_PATH} (a browser navigation cannot send the bearer token)`,
    responses: { 200: { description: 'Cookie set', schema: z.object({ url: z.string(), expiresAt: z.string() }) }, ...errors },
    before: opsOnly,
  }, async (req, res) => {
    const session = sessions.issue(currentUser(req).id);
    res.cookie(BOARD_COOKIE, session.value, {
      httpOnly: true, sameSite: 'strict', secure: req.secure, path: BOARD_PATH, maxAge: BOARD_SESSION_TTL_S * 1000,
    });
    res.setHeader('cache-control', 'no-store');
    res.json({ url: BOARD_PATH, expiresAt: new Date(session.expiresAt).toISOString() });
  });
}
