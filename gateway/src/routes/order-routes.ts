import { z } from 'zod';
import { notFound } from '@livedrop/common';
import { ORDER_STATUSES } from '@livedrop/common';
import { createInventory, rebuildInventoryFromMysql } from '@livedrop/workers';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import { IDEMPOTENCY_KEY_SCHEMA, readIdempotencyKey } from '../orders/idempotency-key';
import { decodeOrderCursor, encodeOrderCursor } from '../orders/order-cursor';
import { createOrdersRepo, toOrderView } from '../orders/orders-repo';
import { placeOrder } from '../orders/place-order';

const dropParams = z.object({ dropId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const orderStatus = z.enum(ORDER_STATUSES);
const orderView = z.object({
  orderId: z.string(), dropId: z.number().int(), quantity: z.number().int(), amountMinor: z.number().int(),
  currency: z.string(), status: orderStatus, failureReason: z.string().nullable(), createdAt: z.string(), updatedAt: z.string(),
});
const accepted = z.object({ orderId: z.string(), status: orderStatus, statusUrl: z.string() });
const authErrors = { 401: { description: 'missing_token | invalid_token | token_expired' } };

/** Orders: place one (reservation held → 202), read its status, list your history; ops reconcile a drop. */
export function registerOrderRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const orders = createOrdersRepo(ctx.knex);
  const sagas = ctx.orderSagas;
  const inventory = createInventory(ctx.redis);
  const deps = {
    orders, redis: ctx.redis, inventory, sagas,
    rebuildInventory: (dropId: number) => rebuildInventoryFromMysql(ctx.knex, inventory, dropId),
    admissionTokens: ctx.admissionTokens, paymentTimeoutMs: ctx.settings.PAYMENT_TIMEOUT_MS,
  };
  const authed = requireAuth(ctx.tokens);
  const writeLimit = ctx.rateLimits.writes('order-writes');

  api.addRoute(router, {
    method: 'post', path: '/drops/:dropId/orders', tag: 'orders', auth: 'bearer', roles: ['shopper'],
    summary: 'Buy from a live drop with your admission token. Answers 202 once the units are reserved; payment and confirmation follow (order_status pushes, statusUrl). The same Idempotency-Key always returns the same order',
    params: dropParams,
    body: z.strictObject({ quantity: z.number().int().min(1).max(1000), admissionToken: z.string().min(1).max(4096) }),
    headers: { 'Idempotency-Key': { required: true, description: '8–100 chars [A-Za-z0-9_-:]; one order per key per user', schema: IDEMPOTENCY_KEY_SCHEMA } },
    responses: {
      202: { description: 'Reserved (or the existing order for this key)', schema: accepted },
      400: { description: 'validation_failed | idempotency_key_required | invalid_idempotency_key' },
      ...authErrors,
      403: { description: 'wrong_role | admission_token_wrong_user | admission_token_wrong_drop' },
      404: { description: 'drop_not_found' },
      409: { description: 'sold_out (no unit left) | not_enough_stock (fewer left than asked; `available` says how many) | per_user_limit_reached | drop_not_live | admission_token_used' },
      422: { description: 'idempotency_key_reused (same key, different request) | order_amount_too_large' },
    },
    before: [authed, requireRole('shopper'), writeLimit],
  }, async (req, res, { params, body }) => {
    const idempotencyKey = readIdempotencyKey(req.header('idempotency-key'));
    const placed = await placeOrder(deps, {
      userId: currentUser(req).id, dropId: params.dropId, quantity: body.quantity, admissionToken: body.admissionToken, idempotencyKey,
    });
    res.status(202).json({ ...placed, statusUrl: `/v1/orders/${placed.orderId}` });
  });

  api.addRoute(router, {
    method: 'get', path: '/orders/:orderId', tag: 'orders', auth: 'bearer',
    summary: 'One of your orders (someone else’s answers 404)',
    params: z.object({ orderId: z.string().min(1).max(36) }),
    responses: { 200: { description: 'The order', schema: orderView }, ...authErrors, 404: { description: 'order_not_found' } },
    before: [authed],
  }, async (req, res, { params }) => {
    const row = await orders.byId(params.orderId);
    if (!row || Number(row.user_id) !== currentUser(req).id) throw notFound('order_not_found', 'no such order');
    res.setHeader('cache-control', 'no-store');
    res.json(toOrderView(row));
  });

  api.addRoute(router, {
    method: 'get', path: '/me/orders', tag: 'orders', auth: 'bearer',
    summary: 'Your order history, newest first (keyset pagination: pass nextCursor as cursor)',
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), cursor: z.string().max(200).optional() }),
    responses: {
      200: { description: 'A page', schema: z.object({ items: z.array(orderView), nextCursor: z.string().nullable() }) },
      400: { description: 'validation_failed | invalid_cursor' }, ...authErrors,
    },
    before: [authed],
  }, async (req, res, { query }) => {
    const rows = await orders.listForUser(currentUser(req).id, query.limit + 1, decodeOrderCursor(query.cursor));
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    res.setHeader('cache-control', 'no-store');
    res.json({
      items: items.map(toOrderView),
      nextCursor: rows.length > query.limit && last ? encodeOrderCursor({ createdAt: new Date(last.created_at), id: last.id }) : null,
    });
  });

  api.addRoute(router, {
    method: 'post', path: '/ops/drops/:dropId/reconcile', tag: 'ops', auth: 'bearer', roles: ['ops'],
    summary: 'Reconcile a drop’s Redis inventory with MySQL now (a BullMQ job; repairs go to reconciliation_repairs)',
    params: dropParams,
    responses: {
      202: { description: 'Queued', schema: z.object({ jobId: z.string(), dropId: z.number().int() }) },
      ...authErrors, 403: { description: 'wrong_role' }, 404: { description: 'drop_not_found' },
    },
    before: [authed, requireRole('ops')],
  }, async (_req, res, { params }) => {
    if (!(await ctx.knex('drops').where({ id: params.dropId }).first('id'))) throw notFound('drop_not_found', 'no such drop');
    const jobId = await ctx.reconciliation.requestDrop(params.dropId);
    res.status(202).json({ jobId, dropId: params.dropId });
  });
}
