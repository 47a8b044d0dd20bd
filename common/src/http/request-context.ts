import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger';

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's `x-request-id` when it is sane, else a fresh one (shared with the fast paths). */
export const adoptRequestId = (incoming: string | string[] | undefined): string =>
  typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();

/** The access log line, one per finished request (Express or fast path): debug, or error for a 5xx. */
export function logRequest(log: Logger, line: { method: string; url: string; status: number; ms: number }): void {
  if (line.status >= 500) log.error(line, 'request');
  else log.debug(line, 'request');
}

/** Gives each request an id (the caller's `x-request-id` when it is sane) and a child logger carrying it. */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    req.id = adoptRequestId(req.header('x-request-id'));
    req.log = logger.child({ reqId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logRequest(req.log, { method: req.method, url: req.originalUrl, status: res.statusCode, ms });
    });
    next();
  };
}
