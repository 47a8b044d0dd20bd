import type { Middleware } from 'openapi-fetch';

/** Attempts after the first 503, and the longest wait between two (the server's Retry-After is capped to it). */
const MAX_RETRIES = 4;
const MAX_WAIT_MS = 8_000;

/**
 * While a part of the system is down (MySQL, Redis, Temporal restarting), the gateway answers 503 with
 * `Retry-After`. A request that is safe to repeat — a read, a PUT/DELETE, or a POST carrying an
 * Idempotency-Key (orders) — waits that long (with jitter, doubling if the header is missing) and is sent
 * again, so a page rides out a restart instead of showing an error; anything else gets the 503 to show.
 */
export function unavailableRetryMiddleware(sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))): Middleware {
  const sent = new Map<string, Request>();
  return {
    onRequest({ request, id }) {
      if (isSafeToRepeat(request)) sent.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id }) {
      const original = sent.get(id);
      sent.delete(id);
      let answer = response;
      for (let attempt = 0; original && answer.status === 503 && attempt < MAX_RETRIES; attempt += 1) {
        await sleep(retryDelayMs(answer.headers.get('retry-after'), attempt));
        answer = await fetch(original.clone());
      }
      return answer;
    },
    onError({ id }) {
      sent.delete(id);
    },
  };
}

function isSafeToRepeat(request: Request): boolean {
  return ['GET', 'HEAD', 'PUT', 'DELETE'].includes(request.method) || request.headers.has('idempotency-key');
}

/** Retry-After in seconds (HTTP dates are not sent by the gateway), else 0.5 s doubling; ±20 % jitter so tabs spread out. */
export function retryDelayMs(retryAfter: string | null, attempt: number, random = Math.random): number {
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
  const base = Math.min(MAX_WAIT_MS, seconds !== undefined ? seconds * 1000 : 500 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}
