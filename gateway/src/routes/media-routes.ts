import type { RouteContext } from '../app';
import { currentUser, requireAuth, requireRole } from '../auth/require-auth';
import {
  mediaListSchema, mediaSchema, oneMediaParams, productMediaParams, registerBody, reorderBody, uploadBody, uploadParams, uploadTicketSchema,
} from '../media/media-schemas';

/**
 * A creator's product images and videos: upload ticket → PUT the bytes → register → processed by the jobs
 * worker into srcset-ready variants. Ops may remove media (moderation). Delivery is `/media/<sha256>.<ext>`.
 */
export function registerMediaRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const { media } = ctx;
  const auth = requireAuth(ctx.tokens);
  const creatorOnly = [auth, requireRole('creator')];
  const writeLimit = ctx.rateLimits.writes('media-writes');
  const notFoundDoc = { description: 'product_not_found (missing, deleted or another creator’s) / upload_not_found / media_not_found' };

  api.addRoute(router, {
    method: 'post', path: '/products/:productId/media/uploads', tag: 'media', auth: 'bearer', roles: ['creator'],
    summary: 'Start an upload: answers where to PUT the bytes (presigned S3 URL, or a one-time URL of this API)',
    params: productMediaParams, body: uploadBody,
    responses: {
      201: { description: 'Upload ticket', schema: uploadTicketSchema }, 404: notFoundDoc,
      409: { description: 'too_many_media' }, 413: { description: 'media_too_large' }, 429: { description: 'rate_limited' },
    },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { params, body }) => {
    res.status(201).json(await media.createUpload(currentUser(req), params.productId, body));
  });

  api.addRoute(router, {
    method: 'put', path: '/media/uploads/:uploadId', tag: 'media',
    summary: 'Local store only: the one-time upload URL (raw body, Content-Type as declared; the URL is the credential)',
    params: uploadParams,
    responses: {
      200: { description: 'Received' }, 404: { description: 'upload_not_found (unknown, expired, used, or the store is S3)' },
      413: { description: 'media_too_large' }, 415: { description: 'unsupported_media_type' }, 422: { description: 'undecodable_image' },
    },
  }, async (req, res, { params }) => {
    try {
      res.json(await media.receiveLocal(params.uploadId, req.header('content-type'), req));
    } catch (err) {
      // Refused before the whole body arrived (e.g. 413): the rest of it must not be read as the next request.
      if (!req.complete) res.setHeader('connection', 'close');
      throw err;
    }
  });

  api.addRoute(router, {
    method: 'post', path: '/products/:productId/media', tag: 'media', auth: 'bearer', roles: ['creator'],
    summary: 'Register an uploaded file: its bytes are checked (type, size, decodable) and it is queued for processing',
    params: productMediaParams, body: registerBody,
    responses: {
      202: { description: 'Accepted; status "processing" until the variants exist', schema: mediaSchema }, 404: notFoundDoc,
      409: { description: 'upload_incomplete / too_many_media / poster_not_allowed (an image takes no poster) / invalid_poster' }, 413: { description: 'media_too_large' },
      415: { description: 'unsupported_media_type' }, 422: { description: 'undecodable_image / image_too_large' },
    },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { params, body }) => {
    res.status(202).json(await media.register(currentUser(req), params.productId, body));
  });

  api.addRoute(router, {
    method: 'get', path: '/products/:productId/media', tag: 'media', auth: 'bearer', roles: ['creator'],
    summary: 'Your product\'s media in display order, including those still processing or failed',
    params: productMediaParams,
    responses: { 200: { description: 'Media', schema: mediaListSchema }, 404: notFoundDoc },
    before: creatorOnly,
  }, async (req, res, { params }) => {
    res.json({ media: await media.list(currentUser(req), params.productId) });
  });

  api.addRoute(router, {
    method: 'put', path: '/products/:productId/media/order', tag: 'media', auth: 'bearer', roles: ['creator'],
    summary: 'Reorder: list every media id of the product once, first shown first',
    params: productMediaParams, body: reorderBody,
    responses: { 200: { description: 'Reordered', schema: mediaListSchema }, 400: { description: 'media_order_mismatch' }, 404: notFoundDoc },
    before: [...creatorOnly, writeLimit],
  }, async (req, res, { params, body }) => {
    res.json({ media: await media.reorder(currentUser(req), params.productId, body.mediaIds) });
  });

  api.addRoute(router, {
    method: 'delete', path: '/products/:productId/media/:mediaId', tag: 'media', auth: 'bearer', roles: ['creator', 'ops'],
    summary: 'Remove an image or video (ops may too); its files are collected after the grace period',
    params: oneMediaParams,
    responses: { 204: { description: 'Removed' }, 404: notFoundDoc },
    before: [auth, requireRole('creator', 'ops'), writeLimit],
  }, async (req, res, { params }) => {
    await media.remove(currentUser(req), params.productId, params.mediaId);
    res.status(204).end();
  });
}
