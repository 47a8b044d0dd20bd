/**
 * The one error type. `status` is what the client sees; `operational` separates expected failures
 * (bad input, conflicts) from programmer errors, which are logged loudly and answered with a 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly operational = true,
    readonly details?: unknown,
    /** Extra fields the client sees next to code and message (below 500 only), e.g. `{ available: 1 }`. */
    readonly fields?: Record<string, string | number | boolean>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, true, details);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, fields?: Record<string, string | number | boolean>) =>
  new AppError(409, code, message, true, undefined, fields);
export const gone = (code: string, message: string) => new AppError(410, code, message);
export const unprocessable = (code: string, message: string) => new AppError(422, code, message);
export const tooManyRequests = (code: string, message: string) => new AppError(429, code, message);
export const unavailable = (code: string, message: string) => new AppError(503, code, message);
