/** One upstream answer, held whole so it can be replayed to many clients. */
export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface MicroCacheOptions {
  /** How long a 200 with an ETag is reused; 0 turns the cache off (every request goes upstream). */
  ttlMs: number;
  /** Bound on distinct keys kept (oldest out); a drop start concentrates on a handful. */
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  answer: UpstreamAnswer;
  until: number;
}

/**
 * A micro-cache with single flight, in front of read-api for a drop's detail, the read a drop start sends by the
 * thousand per second for the same few drops. read-api answers it from Redis, but each answer still costs a hop and
 * a Redis round trip on the same cores; the gateway replaying its last answer for `ttlMs` (100 ms by default) turns
 * 5,000 reads/s into ~10 upstream reads/s. What a shopper sees is at most `ttlMs` older than read-api's answer —
 * inside the 1 s "a write is visible" target, and the live stock is pushed over the WebSocket anyway.
 * Only a 200 that carries an ETag is kept (errors and 404s are never replayed after their own flight), and
 * concurrent misses for one key share one upstream request, so an expiry never sends a burst upstream.
 */
export function createMicroCache({ ttlMs, maxEntries = 1000, now = Date.now }: MicroCacheOptions) {
  const entries = new Map<string, Entry>();
  const flights = new Map<string, Promise<UpstreamAnswer>>();

  const keep = (key: string, answer: UpstreamAnswer) => {
    if (answer.status !== 200 || !answer.headers.etag) return;
    entries.delete(key); // re-insert: Map order is the eviction order
    entries.set(key, { answer, until: now() + ttlMs });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };

  return {
    enabled: ttlMs > 0,
    /** The cached answer for `key`, or the one `load` brings (shared with every concurrent caller). */
    get(key: string, load: () => Promise<UpstreamAnswer>): Promise<UpstreamAnswer> {
      const hit = entries.get(key);
      if (hit && hit.until > now()) return Promise.resolve(hit.answer);
      const flying = flights.get(key);
      if (flying) return flying;
      const flight = load().then(
        (answer) => { keep(key, answer); return answer; },
      ).finally(() => flights.delete(key));
      flights.set(key, flight);
      return flight;
    },
  };
}

export type MicroCache = ReturnType<typeof createMicroCache>;
