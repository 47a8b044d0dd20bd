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

  // One histogram child per (method, status): the labels are hashed once, not on every join.
  const timers = new Map<string, { observe(seconds: number): void }>();
  const observe = (method: string, status: number, seconds: number) => {
    if (!metrics) return;
    const key = `${method} ${status}`;
    let timer = timers.get(key);
    if (!timer) timers.set(key, (timer = metrics.httpDuration.labels({ method, route: route.route, status: String(status) })));
    timer.observe(seconds);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, params: P) => {
    const started = process.hrtime.bigint();
    const requestId = adoptRequestId(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    try {
      await route.handle(req, res, params, requestId);
    } catch (err) {
      const e = toAppError(err);
      // As `errorHandler` does, with the child logger Express gives every request (made only when a line is written).
      if (!e.operational) logger.child({ reqId: requestId }).error({ err }, 'unhandled error');
      else if (e.status >= 500) logger.child({ reqId: requestId }).warn({ err }, e.message);
      if (res.headersSent) res.destroy();
      else {
        const answer = errorResponse(e);
        const text = JSON.stringify(answer.body);
        res.writeHead(answer.status, {
          ...answer.headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text),
        });
        res.end(text);
      }
    }
    // Once the answer is written (Express's access log waits for 'finish', a listener per request; the join
    // runs by the hundred thousand, and the access line is at debug level).
    const status = res.statusCode;
    const elapsed = Number(process.hrtime.bigint() - started);
    if (status >= 500 || logger.isLevelEnabled('debug')) {
      logRequest(logger.child({ reqId: requestId }), { method: req.method!, url: req.url!, status, ms: elapsed / 1e6 });
    }
    observe(req.method!, status, elapsed / 1e9);
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
