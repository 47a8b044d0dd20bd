/** One error type for every failed API call: the server's `{"error":{code,message}}` plus the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds, from Retry-After on 429/503. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export function toApiError(response: Response | undefined, body: unknown): ApiError {
  if (!response) return new ApiError(0, 'network_error', 'The network is unreachable.');
  const e = (body as ErrorBody | undefined)?.error;
  const retry = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, e?.code ?? `http_${response.status}`, e?.message ?? response.statusText,
    Number.isFinite(retry) && retry > 0 ? retry : undefined);
}

/** Unwraps an openapi-fetch result: the data, or a thrown ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    if (result.response.ok && result.error === undefined) return undefined as T; // 204
    throw toApiError(result.response, result.error);
  }
  return result.data;
}

/** What to tell a person about an error: what happened and what to do next. */
export function describeError(err: unknown): { title: string; action: string } {
  if (!(err instanceof ApiError)) return { title: 'Something went wrong.', action: 'Check your connection and try again.' };
  const wait = err.retryAfterS ? `${err.retryAfterS} s` : 'a moment';
  switch (err.code) {
    case 'network_error': return { title: 'You seem to be offline.', action: 'Check your connection; we retry when it is back.' };
    case 'rate_limited': return { title: 'Too many requests.', action: `Wait ${wait}, then try again.` };
    case 'token_expired':
    case 'invalid_token':
    case 'missing_token': return { title: 'Your session has ended.', action: 'Log in again to continue.' };
    case 'invalid_credentials': return { title: 'Email or password is wrong.', action: 'Check both and try again.' };
    case 'email_taken': return { title: 'An account with this email already exists.', action: 'Log in instead.' };
    case 'sold_out': return { title: 'Sold out.', action: 'Every unit is taken. Ask to be told if units return.' };
    case 'per_user_limit_reached': return { title: 'You reached the per-person limit for this drop.', action: 'Lower the quantity or see your orders.' };
    case 'admission_token_expired': return { title: 'Your checkout window closed.', action: 'Join the queue again to get a new place.' };
    case 'admission_token_used': return { title: 'This admission was already used for another order.', action: 'See “My orders”.' };
    case 'drop_not_live': return { title: 'This drop is not on sale right now.', action: 'Check its start time.' };
    case 'queue_not_open': return { title: 'The waiting room is not open yet.', action: 'It opens before the start; come back then.' };
    case 'drop_ended': return { title: 'This drop has ended.', action: 'Follow the creator to hear about the next one.' };
    case 'drop_cancelled': return { title: 'This drop was cancelled.', action: 'Follow the creator to hear about the next one.' };
    case 'queue_draining': return { title: 'The queue is closing.', action: 'No new places are given out; try the next drop.' };
    case 'wrong_role': return { title: 'Your account cannot do this.', action: 'Shoppers queue and buy; use a shopper account.' };
    case 'validation_failed': return { title: 'Some input is not valid.', action: err.message };
    default:
      if (err.status >= 500) return { title: 'The server had a problem.', action: 'Try again in a moment.' };
      return { title: err.message || 'The request was refused.', action: 'Check the details and try again.' };
  }
}
