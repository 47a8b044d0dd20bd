import type { IncomingMessage } from 'node:http';
import { createFastPath, MEDIA_NAME, type Logger, type Metrics } from '@livedrop/common';
import type { GatewayServices } from '../services';
import { MEDIA_PATH } from './media-delivery-routes';

const PREFIX = `${MEDIA_PATH}/`;

function matchMedia(req: IncomingMessage): string | undefined {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith(PREFIX)) return undefined;
  const name = req.url.slice(PREFIX.length);
  return MEDIA_NAME.test(name) ? name : undefined;
}

/**
 * `GET /media/<sha256>.<ext>` before Express: a product page loads a dozen images, so this is the gateway's
 * busiest route when no CDN is in front. It calls the very function the Express route calls (same headers,
 * 304s, ranges and JSON errors). Anything else (other methods, query strings, malformed names) goes to Express.
 */
export function createMediaFastPath(services: Pick<GatewayServices, 'mediaDelivery'>, deps: { logger: Logger; metrics?: Metrics }) {
  return createFastPath(deps, {
    route: `${MEDIA_PATH}/:name`,
    match: matchMedia,
    handle: (req, res, name) => services.mediaDelivery(name, req, res),
  });
}
