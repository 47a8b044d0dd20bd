import type { Express } from 'express';
import type { RouteContext } from '../app';

export const MEDIA_PATH = '/media';

/**
 * Mounted at the root, not under /v1: the path is the object's key, so a CDN can front the gateway or the bucket alike.
 * Well-formed names are normally served before Express by `media-fast-path.ts` (see gatewayFastPaths in app.ts).
 */
export function registerMediaDelivery(app: Express, ctx: Pick<RouteContext, 'mediaDelivery'>): void {
  app.get(`${MEDIA_PATH}/:name`, async (req, res) => {
    await ctx.mediaDelivery(req.params.name, req, res);
  });
}

/** The OpenAPI entry of the delivery route (it lives outside the /v1 registry). */
export const mediaDeliveryDoc = {
  [`${MEDIA_PATH}/{name}`]: {
    get: {
      summary: 'An immutable media object: <sha256>.<ext>; year-long immutable caching, strong ETag (304), byte ranges (206/416)',
      tags: ['media'],
      parameters: [
        { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}\\.(jpg|png|webp|avif|mp4|webm)$' } },
        { name: 'Range', in: 'header', required: false, schema: { type: 'string' }, description: 'one range, bytes=start-end' },
        { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } },
      ],
      responses: {
        200: { description: 'The bytes' }, 206: { description: 'Partial content' }, 304: { description: 'Not modified' },
        404: { $ref: '#/components/responses/Error' }, 416: { description: 'Range not satisfiable' },
        // The object store (S3) unreachable: like every operation, a 503 with Retry-After.
        503: { $ref: '#/components/responses/Unavailable' },
      },
    },
  },
};
