import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse, toAppError, type Config, type Logger } from '@livedrop/common';
import { readApiUpstream, serveDropDetail } from './read-proxy';

// Exactly the ids `dropParams` accepts; anything else goes to the declared (validating) Express route.
const DETAIL_PATH = /^\/v1\/catalog\/drops\/([1-9]\d{0,15})$/;
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * GET /v1/catalog/drops/:id is the read a drop start multiplies; forwarding it here, before Express, saves
 * the middleware stack on the gateway hop. Same answer as the declared route in `read-proxy.ts` (which stays
 * the documented fallback): same micro-cached forwarding (`serveDropDetail`), same passed-back headers, same
 * 502/504 JSON errors.
 */
export function createReadProxyFastPath(deps: { config: Config; logger: Logger }) {
  const upstream = readApiUpstream(deps.config.READ_API_URL, deps.config.CATALOG_MICROCACHE_MS);
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false;
    const m = DETAIL_PATH.exec(req.url ?? '');
    if (!m || !Number.isSafeInteger(Number(m[1]))) return false;
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    serveDropDetail(upstream, req.url!, requestId, req.headers['if-none-match'], res).catch((err: unknown) => {
      const e = toAppError(err);
      if (e.status >= 500) deps.logger.warn({ err, reqId: requestId }, e.message);
      if (res.headersSent) return void res.destroy();
      const answer = errorResponse(e);
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...answer.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    });
    return true;
  };
}
