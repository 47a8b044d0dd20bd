import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { errorResponse, toAppError } from '../errors/error-handler';
import type { Logger } from '../logger';
import type { Metrics } from './metrics';
import { adoptRequestId, logRequest } from './request-context';

/** A hand-written route served before Express; returns true when it took the request. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface FastRoute<P> {
  /** The Express route pattern it stands in for (the metrics' `route` label), e.g. `/v1/drops/:dropId/queue`. */
  route: string;
  /** What it takes (its parameters), or undefined to leave the request to Express untouched. */
  match(req: IncomingMessage): P | undefined;
  /** Writes the answer; a rejection becomes the same JSON error Express writes. */
  handle(req: IncomingMessage, res: ServerResponse, params: P, requestId: string): Promise<void>;
}

/**
 * What the Express stack gives every request, for a route that bypasses it: the request id (the caller's
 * when sane), the access log line, the request-duration histogram under the Express route's label, and the
 * error handler's logging and `{"error":{code,message}}` answer. A fast path then holds only its matching and
 * its handler, and cannot drift from the Express path in what operations see.
 */
export function createFastPath<P>(deps: { logger: Logger; metrics?: Metrics }, route: FastRoute<P>): FastPath {
  const { logger, metrics } = deps;

  const serve = async (req: IncomingMessage, res: ServerResponse, params: P) => {
    const started = process.hrtime.bigint();
    const requestId = adoptRequestId(req.headers['x-request-id']);
    // The child logger Express gives every request, made here only when a line will be written (the join
    // runs by the hundred thousand, and the access line is at debug level).
    const log = () => logger.child({ reqId: requestId });
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      const status = res.statusCode;
      const elapsed = Number(process.hrtime.bigint() - started);
      if (status >= 500 || logger.isLevelEnabled('debug')) logRequest(log(), { method: req.method!, url: req.url!, status, ms: elapsed / 1e6 });
      metrics?.httpDuration.observe({ method: req.method!, route: route.route, status: String(status) }, elapsed / 1e9);
    });
    try {
      await route.handle(req, res, params, requestId);
    } catch (err) {
      const e = toAppError(err);
      // As `errorHandler` does.
      if (!e.operational) log().error({ err }, 'unhandled error');
      else if (e.status >= 500) log().warn({ err }, e.message);
      if (res.headersSent) return void res.destroy();
      const answer = errorResponse(e);
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        ...answer.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    }
  };

  return (req, res) => {
    const params = route.match(req);
    if (params === undefined) return false;
    void serve(req, res, params);
    return true;
  };
}

/** The server's request listener: fast paths first, then the Express app. */
export function withFastPaths(app: RequestListener, ...paths: FastPath[]): RequestListener {
  return (req, res) => {
    for (const path of paths) if (path(req, res)) return;
    app(req, res);
  };
}
