import { z } from 'zod';
import { loadProductMedia } from '@livedrop/common';
import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import { decodeCursor, pageQuery } from '../http/pagination';
import { mediaSchema } from '../media/media-schemas';
import { createProductService, type Product } from '../products/product-service';

const fields = {
  // Documented as needing a non-blank character: the trim would otherwise refuse a schema-valid "   ".
  title: z.string().regex(/\S/, 'must not be blank').trim().min(1).max(200),
  description: z.string().max(5000),
  priceMinor: z.number().int().positive().max(4_294_967_295), // minor units (cents); column is INT UNSIGNED
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like EUR'),
  mediaUrls: z.array(z.url({ protocol: /^https$/ }).max(2048)).max(10),
};
const createBody = z.strictObject({ ...fields, description: fields.description.default(''), mediaUrls: fields.mediaUrls.default([]) });
const patchBody = z
  .strictObject(fields)
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'give at least one field to change')
  .meta({ minProperties: 1 }); // the refine, said in /openapi.json
const productParams = z.object({ productId: z.coerce.number().int().positive() });
const productSchema = z.object({
  id: z.number().int(), creatorId: z.number().int(), title: z.string(), description: z.string(), priceMinor: z.number().int(),
  currency: z.string(), mediaUrls: z.array(z.string()), createdAt: z.string(), updatedAt: z.string(),
  media: z.array(mediaSchema).describe('uploaded images and videos (srcset-ready); mediaUrls are the older hand-typed links'),
});

/**
 * Creators manage their own products. Shoppers/ops get 403 wrong_role; another creator's product is 404
 * product_not_found (indistinguishable from a missing one). Public browsing is the read API's job.
 */
export function registerProductRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const products = createProductService(ctx.knex);
  const creatorOnly = [requireAuth(ctx.tokens), requireRole('creator')];
  const writeLimit = ctx.rateLimits.writes('product-writes');
  const notFoundDoc = { description: 'product_not_found (missing, deleted or another creator’s)' };
  // The creator sees every media, processing and failed ones too (the public catalog shows ready ones).
  const withMedia = async (list: Product[]) => {
    const media = await loadProductMedia(ctx.knex, list.map((p) => p.id), ctx.settings.MEDIA_PUBLIC_BASE_URL, { readyOnly: false });
    return list.map((p) => ({ ...p, media: media.get(p.id) ?? [] }));
  };
  const oneWithMedia = async (p: Product) => (await withMedia([p]))[0];

  api.addRoute(router, {
    method: 'post', path: '/products', tag: 'products', auth: 'bearer', roles: ['creator'], summary: 'Create a product',
    body: createBody,
    responses: { 201: { description: 'Created', schema: productSchema }, 403: { description: 'wrong_role' }, 429: { description: 'rate_limited' } },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { body }) => {
    res.status(201).json(await oneWithMedia(await products.create(currentUser(req).id, body)));
  });

  api.addRoute(router, {
    method: 'get', path: '/me/products', tag: 'products', auth: 'bearer', roles: ['creator'],
    summary: 'Your products, newest first (keyset pagination: pass nextCursor as cursor)',
    query: pageQuery,
    responses: { 200: { description: 'A page of products', schema: z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() }) } },
    before: creatorOnly,
  }, async (req, res, { query }) => {
    const page = await products.listMine(currentUser(req).id, query.limit, decodeCursor(query.cursor));
    res.json({ ...page, items: await withMedia(page.items) });
  });

  api.addRoute(router, {
    method: 'get', path: '/products/:productId', tag: 'products', auth: 'bearer', roles: ['creator'], summary: 'One of your products',
    params: productParams,
    responses: { 200: { description: 'The product', schema: productSchema }, 404: notFoundDoc },
    before: creatorOnly,
  }, async (req, res, { params }) => {
    res.json(await oneWithMedia(await products.get(currentUser(req).id, params.productId)));
  });

  api.addRoute(router, {
    method: 'patch', path: '/products/:productId', tag: 'products', auth: 'bearer', roles: ['creator'], summary: 'Edit one of your products',
    params: productParams,
    body: patchBody,
    responses: { 200: { description: 'Updated', schema: productSchema }, 404: notFoundDoc, 429: { description: 'rate_limited' } },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { params, body }) => {
    res.json(await oneWithMedia(await products.update(currentUser(req).id, params.productId, body)));
  });

  api.addRoute(router, {
    method: 'delete', path: '/products/:productId', tag: 'products', auth: 'bearer', roles: ['creator'],
    summary: 'Delete one of your products (soft delete; refused while a drop of it is scheduled or live)',
    params: productParams,
    responses: { 204: { description: 'Deleted' }, 404: notFoundDoc, 409: { description: 'product_has_active_drop' }, 429: { description: 'rate_limited' } },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { params }) => {
    await products.remove(currentUser(req).id, params.productId);
    res.status(204).end();
  });
}
