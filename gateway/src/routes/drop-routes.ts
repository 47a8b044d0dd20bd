import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import { dropIdParams, editDropBody, reasonBody, scheduleDropBody } from '../drops/drop-input';
import { createDropUseCases } from '../drops/drop-use-cases';
import { dropDetailSchema } from '../drops/drop-view';

const errors = {
  400: { description: 'validation_failed | invalid_schedule | invalid_limits' },
  401: { description: 'missing_token | invalid_token | token_expired' },
  403: { description: 'wrong_role | not_drop_owner' },
  404: { description: 'drop_not_found' },
  429: { description: 'rate_limited' },
};

/**
 * Creators schedule and manage drops; the status itself is driven by the drop-lifecycle workflow.
 * Public browsing of drops is read-api's job; these routes are for the owner (and ops).
 */
export function registerDropRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const drops = createDropUseCases({ knex: ctx.knex, workflows: ctx.dropWorkflows });
  const authed = requireAuth(ctx.tokens);
  const writeLimit = ctx.rateLimits.writes('drop-writes');
  const creatorOnly = [authed, requireRole('creator'), writeLimit];
  const creatorOrOps = [authed, requireRole('creator', 'ops'), writeLimit];

  api.addRoute(router, {
    method: 'post', path: '/drops', tag: 'drops', auth: 'bearer', roles: ['creator'],
    summary: 'Schedule a drop of one of your products (starts its lifecycle workflow; the seed hash is public, the seed secret until the start)',
    body: scheduleDropBody,
    responses: { 201: { description: 'Scheduled', schema: dropDetailSchema }, ...errors, 403: { description: 'wrong_role | not_product_owner' }, 404: { description: 'product_not_found' } },
    before: creatorOnly,
  }, async (req, res, { body }) => {
    const drop = await drops.schedule(currentUser(req), body);
    res.status(201).location(`/v1/drops/${drop.id}`).json(drop);
  });

  api.addRoute(router, {
    method: 'patch', path: '/drops/:dropId', tag: 'drops', auth: 'bearer', roles: ['creator'],
    summary: 'Edit a drop before it starts (send the version you read)',
    params: dropIdParams,
    body: editDropBody,
    responses: { 200: { description: 'Edited', schema: dropDetailSchema }, ...errors, 409: { description: 'drop_not_editable | version_conflict' } },
    before: creatorOnly,
  }, async (req, res, { params, body }) => {
    res.json(await drops.edit(currentUser(req), params.dropId, body));
  });

  api.addRoute(router, {
    method: 'post', path: '/drops/:dropId/cancel', tag: 'drops', auth: 'bearer', roles: ['creator', 'ops'],
    summary: 'Cancel a scheduled or running drop (asynchronous: the status becomes cancelled within moments)',
    params: dropIdParams,
    body: reasonBody,
    responses: { 202: { description: 'Cancellation requested; the drop as it was', schema: dropDetailSchema }, ...errors, 409: { description: 'drop_not_cancellable | drop_finished' } },
    before: creatorOrOps,
  }, async (req, res, { params, body }) => {
    res.status(202).json(await drops.cancel(currentUser(req), params.dropId, body.reason));
  });

  api.addRoute(router, {
    method: 'post', path: '/drops/:dropId/end', tag: 'drops', auth: 'bearer', roles: ['creator', 'ops'],
    summary: 'End a live drop now (asynchronous: the status becomes ended within moments)',
    params: dropIdParams,
    body: reasonBody,
    responses: { 202: { description: 'End requested; the drop as it was', schema: dropDetailSchema }, ...errors, 409: { description: 'drop_not_live | drop_finished' } },
    before: creatorOrOps,
  }, async (req, res, { params, body }) => {
    res.status(202).json(await drops.endEarly(currentUser(req), params.dropId, body.reason));
  });

  api.addRoute(router, {
    method: 'get', path: '/drops/:dropId', tag: 'drops', auth: 'bearer', roles: ['creator', 'ops'],
    summary: "A drop's full detail for its creator or ops (public reads: read-api)",
    params: dropIdParams,
    responses: { 200: { description: 'The drop', schema: dropDetailSchema }, ...errors },
    before: [authed, requireRole('creator', 'ops')],
  }, async (req, res, { params }) => {
    res.json(await drops.get(currentUser(req), params.dropId));
  });
}
