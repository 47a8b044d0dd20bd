import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MEDIA_NAME, toAppError, type Logger, type Metrics } from '@livedrop/common';
import type { MediaDelivery } from '../media/media-delivery';
import { MEDIA_PATH } from './media-delivery-routes';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const ROUTE = `${MEDIA_PATH}/:name`;
type Histogram = { observe(labels: Record<string, string>, seconds: number): void };

/**
 * `GET /media/<sha256>.<ext>` before Express: a product page loads a dozen images, so this is the gateway's
 * busiest route when no CDN is in front. It calls the very function the Express route calls (same headers,
 * 304s, ranges and JSON errors) and keeps its parity: x-request-id, the request-duration histogram, 5xx logged.
 * Anything else (other methods, query strings, malformed names) goes to Express.
 */
export function createMediaFastPath(deps: { serve: MediaDelivery; logger: Logger; metrics?: Metrics }) {
  const histogram = deps.metrics?.registry.getSingleMetric('http_request_duration_seconds') as Histogram | undefined;
  const prefix = `${MEDIA_PATH}/`;

  const handle = async (req: IncomingMessage, res: ServerResponse, name: string) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    try {
      await deps.serve(name, req, res);
    } catch (err) {
      const e = toAppError(err);
      if (e.status >= 500) deps.logger.error({ err, reqId: requestId, url: req.url }, 'request');
      if (res.headersSent) res.destroy();
      else {
        const text = JSON.stringify({ error: { code: e.code, message: e.status < 500 ? e.message : 'internal error' } });
        res.writeHead(e.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      }
    }
    histogram?.observe({ method: req.method!, route: ROUTE, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
  };

  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith(prefix)) return false;
    const name = req.url.slice(prefix.length);
    if (!MEDIA_NAME.test(name)) return false;
    void handle(req, res, name);
    return true;
  };
}
