import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { errorResponse, toAppError, type Logger, type Metrics } from '@livedrop/common';
import type { DropDetail } from '../catalog/drop-detail';
import { cacheControl, matches } from './send-cacheable';

// Exactly the ids `dropParams` accepts (positive, no leading zero, ≤ 16 digits, safe integer); anything
// else (bad ids, query strings, trailing slashes) goes to Express, which validates and answers as before.
const DETAIL_PATH = /^\/v1\/catalog\/drops\/([1-9]\d{0,15})$/;
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const ROUTE = '/v1/catalog/drops/:dropId';

type Histogram = { observe(labels: Record<string, string>, seconds: number): void };

/**
 * The drop page is what a drop start sends by the thousand per second. Served here, before Express, a hot
 * read is one pipelined Redis round trip and a write of a prepared body, without the middleware stack
 * (request logger child, router, res.send). It answers exactly what the Express route answers (same
 * body, ETag, Cache-Control, 304, 404 JSON, x-request-id) — `drop-detail-fast-path.int.test.ts` compares them.
 */
export function createDropDetailFastPath(deps: { dropDetail: DropDetail; logger: Logger; metrics?: Metrics }) {
  const histogram = deps.metrics?.registry.getSingleMetric('http_request_duration_seconds') as Histogram | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse, dropId: number) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    try {
      const answer = await deps.dropDetail(dropId);
      if (!answer) {
        sendJson(res, 404, requestId, { error: { code: 'drop_not_found', message: `drop ${dropId} does not exist` } });
      } else {
        const headers = { 'x-request-id': requestId, etag: answer.etag, 'cache-control': cacheControl(answer.freshness) };
        const inm = req.headers['if-none-match'];
        if (matches(inm, answer.etag)) {
          res.writeHead(304, headers);
          res.end();
        } else {
          res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
          res.end(answer.body);
        }
      }
    } catch (err) {
      const e = toAppError(err);
      deps.logger.error({ err, reqId: requestId }, 'drop detail failed');
      const answer = errorResponse(e);
      sendJson(res, answer.status, requestId, answer.body, answer.headers);
    }
    histogram?.observe({ method: 'GET', route: ROUTE, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
  };

  /** Returns true when it took the request. */
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET') return false;
    const m = DETAIL_PATH.exec(req.url ?? '');
    if (!m) return false;
    const dropId = Number(m[1]);
    if (!Number.isSafeInteger(dropId)) return false;
    void handle(req, res, dropId);
    return true;
  };
}

function sendJson(res: ServerResponse, status: number, requestId: string, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The server's request listener: fast paths first, then the Express app. */
export function withFastPaths(app: RequestListener, ...paths: ((req: IncomingMessage, res: ServerResponse) => boolean)[]): RequestListener {
  return (req, res) => {
    for (const path of paths) if (path(req, res)) return;
    app(req, res);
  };
}
