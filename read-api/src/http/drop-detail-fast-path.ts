import type { IncomingMessage } from 'node:http';
import { createFastPath, notFound, type Logger, type Metrics } from '@livedrop/common';
import type { DropDetail } from '../catalog/drop-detail';
import { cacheControl, matches } from './send-cacheable';

// Exactly the ids `dropParams` accepts (positive, no leading zero, ≤ 16 digits, safe integer); anything
// else (bad ids, query strings, trailing slashes) goes to Express, which validates and answers as before.
const DETAIL_PATH = /^\/v1\/catalog\/drops\/([1-9]\d{0,15})$/;

function matchDetail(req: IncomingMessage): number | undefined {
  if (req.method !== 'GET') return undefined;
  const m = DETAIL_PATH.exec(req.url ?? '');
  const dropId = m ? Number(m[1]) : 0;
  return Number.isSafeInteger(dropId) && dropId > 0 ? dropId : undefined;
}

/**
 * The drop page is what a drop start sends by the thousand per second. Served here, before Express, a hot
 * read is one pipelined Redis round trip and a write of a prepared body, without the middleware stack
 * (router, res.send). It answers exactly what the Express route answers (same body, ETag, Cache-Control,
 * 304, 404 JSON, x-request-id, access log, metrics) — `drop-detail-fast-path.int.test.ts` compares them.
 */
export function createDropDetailFastPath(deps: { dropDetail: DropDetail; logger: Logger; metrics?: Metrics }) {
  return createFastPath(deps, {
    route: '/v1/catalog/drops/:dropId',
    match: matchDetail,
    async handle(req, res, dropId) {
      const answer = await deps.dropDetail(dropId);
      if (!answer) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
      const headers = { etag: answer.etag, 'cache-control': cacheControl(answer.freshness) };
      if (matches(req.headers['if-none-match'], answer.etag)) {
        res.writeHead(304, headers);
        res.end();
      } else {
        res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      }
    },
  });
}
