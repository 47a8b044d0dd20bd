import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from './app-error';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  /** set by http-errors (which body-parser uses) on client errors */
  expose?: boolean;
}

/** Maps anything thrown in a handler to `{"error":{"code","message"}}`; the message is shown only below 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    return new AppError(400, 'validation_failed', message, true, err.issues);
  }
  const bp = err as BodyParserError;
  if (bp?.type === 'entity.parse.failed') return new AppError(400, 'malformed_json', 'request body is not valid JSON');
  if (bp?.type === 'entity.too.large') return new AppError(413, 'body_too_large', 'request body is too large');
  if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_encoding', bp.message);
  }
  // Any other body-parser/raw-body 4xx (a corrupt gzip/deflate body, a length that does not match): the client's fault.
  if (bp?.expose === true && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500) {
    return new AppError(400, 'malformed_body', 'request body could not be read (check Content-Encoding and Content-Length)');
  }
  // Express's router: a path parameter with broken percent-encoding (e.g. /v1/orders/%ZZ).
  if (err instanceof URIError && (err as BodyParserError).status === 400) {
    return new AppError(400, 'malformed_path', 'the URL path is not valid percent-encoding');
  }
  return new AppError(500, 'internal_error', 'internal error', false);
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appError = toAppError(err);
  if (!appError.operational) req.log?.error({ err }, 'unhandled error');
  else if (appError.status >= 500) req.log?.warn({ err }, appError.message);
  if (res.headersSent) return;
  res.status(appError.status).json({
    error: appError.status < 500
      ? { ...appError.fields, code: appError.code, message: appError.message }
      : { code: appError.code, message: 'internal error' },
  });
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'route_not_found', `no route for ${req.method} ${req.path}`));
};
