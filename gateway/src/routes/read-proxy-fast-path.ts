import type { IncomingMessage } from 'node:http';
import { createFastPath, type Logger, type Metrics } from '@livedrop/common';
import type { GatewayServices } from '../services';
import { serveDropDetail } from './read-proxy';

// Exactly the ids `dropParams` accepts; anything else goes to the declared (validating) Express route.
const DETAIL_PATH = /^\/v1\/catalog\/drops\/([1-9]\d{0,15})$/;

function matchDetail(req: IncomingMessage): string | undefined {
  if (req.method !== 'GET') return undefined;
  const m = DETAIL_PATH.exec(req.url ?? '');
  return m && Number.isSafeInteger(Number(m[1])) ? req.url! : undefined;
}

/**
 * GET /v1/catalog/drops/:id is the read a drop start multiplies; forwarding it here, before Express, saves
 * the middleware stack on the gateway hop. Same answer as the declared route in `read-proxy.ts` (which stays
 * the documented fallback): the same micro-cached forwarding over the same upstream (`serveDropDetail` on
 * `services.readApi`, so both paths share one micro-cache), same passed-back headers, same 502/504 JSON errors.
 */
export function createReadProxyFastPath(services: Pick<GatewayServices, 'readApi'>, deps: { logger: Logger; metrics?: Metrics }) {
  return createFastPath(deps, {
    route: '/v1/catalog/drops/:dropId',
    match: matchDetail,
    handle: (req, res, path, requestId) => serveDropDetail(services.readApi, path, requestId, req.headers['if-none-match'], res),
  });
}
