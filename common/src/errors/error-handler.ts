import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError } from './app-error';
import { DependencyUnavailableError, dependencyUnavailable } from './dependency-errors';

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
  const unavailable = dependencyUnavailable(err);
  if (unavailable) return unavailable;
  // Express's router: a path parameter with broken percent-encoding (e.g. /v1/orders/%ZZ).
  if (err instanceof URIError && (err as BodyParserError).status === 400) {
    return new AppError(400, 'malformed_path', 'the URL path is not valid percent-encoding');
  }
  return new AppError(500, 'internal_error', 'internal error', false);
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: string; message: string; [field: string]: string | number | boolean } };
}

/**
 * The one answer for an error, for Express and for the fast paths that bypass it: the message is shown
 * below 500 and for an unavailable dependency (it says what to do); a 503 tells the client when to retry.
 */
export function errorResponse(err: unknown): ErrorResponse {
  const e = toAppError(err);
  const showMessage = e.status < 500 || e instanceof DependencyUnavailableError;
  const headers: Record<string, string> = e instanceof DependencyUnavailableError ? { 'retry-after': String(e.retryAfterS) } : {};
  const error = e.status < 500
    ? { ...e.fields, code: e.code, message: e.message }
    : { code: e.code, message: showMessage ? e.message : 'internal error' };
  return { status: e.status, headers, body: { error } };
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const appError = toAppError(err);
  if (!appError.operational) req.log?.error({ err }, 'unhandled error');
  else if (appError.status >= 500) req.log?.warn({ err }, appError.message);
  if (res.headersSent) return;
  const answer = errorResponse(appError);
  res.status(answer.status).set(answer.headers).json(answer.body);
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'route_not_found', `no route for ${req.method} ${req.path}`));
};
