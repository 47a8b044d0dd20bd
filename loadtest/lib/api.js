// Public-API helpers shared by the load-test scripts: one place that knows the routes, so a
// route change breaks one file. Everything here is plain k6 (async http + k6/timers).
import http from 'k6/http';
import { Rate } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import { BASE_URL, jsonHeaders } from './config.js';

// Every request made through call() feeds this: thresholds say `http_5xx: ['rate==0']`.
// Status 0 (connection refused/reset, timeout) counts too: the server did not answer.
export const http5xx = new Rate('http_5xx');

const PASSWORD = 'loadtest-password-1';

export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short id for this run, so emails and idempotency keys never collide with earlier runs. */
export function newRunId() {
  return `lt${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

// A 503 means "a dependency is down, come back" (mysql_unavailable, redis_unavailable, temporal_unavailable):
// a shopper's browser waits Retry-After and tries again, so the scripts do too, with a cap and jitter.
const RETRIES_ON_503 = 8;
const MAX_BACKOFF_MS = 5000;
function backoffMs(res, attempt) {
  const retryAfterS = Number(res.headers['Retry-After']);
  const base = Number.isFinite(retryAfterS) ? retryAfterS * 1000 : 250 * 2 ** attempt;
  return Math.min(MAX_BACKOFF_MS, base) + Math.floor(Math.random() * 250);
}

/**
 * One JSON request. `name` is the endpoint tag (keep ids out of it), `kind` groups thresholds. A 503 is
 * retried after its Retry-After (up to RETRIES_ON_503 times, `retries: 0` to see it); only the answer the
 * script finally gets counts towards http_5xx.
 */
export async function call(method, path, opts = {}) {
  const { body, token, kind = 'setup', name = path, headers = {}, timeout, retries = RETRIES_ON_503 } = opts;
  for (let attempt = 0; ; attempt++) {
    const res = await http.asyncRequest(method, `${BASE_URL}${path}`, body === undefined ? null : JSON.stringify(body), {
      headers: { ...jsonHeaders(token), ...headers },
      tags: { kind, name },
      ...(timeout ? { timeout } : {}),
    });
    if (res.status === 503 && attempt < retries) {
      await pause(backoffMs(res, attempt));
      continue;
    }
    // A read that found its kept-alive connection closed under it (status 0 at once) is sent again once, as
    // browsers do for idempotent requests; a server that is really gone fails the second time too.
    if (res.status === 0 && method === 'GET' && attempt === 0) continue;
    http5xx.add(res.status === 0 || res.status >= 500, { kind, name });
    return res;
  }
}

function expectStatus(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${String(res.body).slice(0, 300)}`);
  return res.json();
}

/** Runs fn over items with at most `limit` in flight (setup: sign-ups are argon2-bound on the server). */
export async function mapLimited(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Signs up an account; waits out the per-IP auth rate limit (load tests come from one IP). */
export async function signup(role, label) {
  const email = `${label}@loadtest.livedrop.dev`;
  for (let attempt = 0; ; attempt++) {
    const res = await call('POST', '/v1/auth/signup', { body: { email, password: PASSWORD, displayName: label, role }, name: 'signup' });
    if (res.status === 201) {
      const b = res.json();
      return { id: b.user.id, token: b.accessToken, email };
    }
    if (res.status === 429 && attempt < 30) {
      const retry = Number(res.headers['Retry-After'] || 1);
      await pause(Math.max(250, retry * 1000));
      continue;
    }
    throw new Error(`signup ${email}: ${res.status} ${String(res.body).slice(0, 300)}`);
  }
}

/** `count` shoppers (id + access token), signed up `concurrency` at a time. */
export function signupShoppers(runId, count, concurrency = 8) {
  return mapLimited(Array.from({ length: count }, (_, i) => i), concurrency, (i) => signup('shopper', `${runId}-s${i}`));
}

/** A product and a drop of it by `creator`, starting `startsInS` seconds from now. */
export async function createDrop(creator, o = {}) {
  const product = expectStatus(await call('POST', '/v1/products', {
    token: creator.token, name: 'create product',
    body: { title: o.title || 'Load-test sneaker', description: 'k6 load test', priceMinor: o.priceMinor || 4999, currency: 'EUR' },
  }), 201, 'create product');
  const now = Date.now();
  const startsAt = new Date(now + (o.startsInS ?? 5) * 1000);
  const drop = expectStatus(await call('POST', '/v1/drops', {
    token: creator.token, name: 'schedule drop',
    body: {
      productId: product.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + (o.durationS ?? 600) * 1000).toISOString(),
      prequeueOpensAt: new Date(now).toISOString(),
      totalStock: o.stock ?? 10,
      perUserLimit: o.perUserLimit ?? 1,
      admissionRatePerS: o.admissionRatePerS ?? 50,
      checkoutWindowS: o.checkoutWindowS ?? 60,
    },
  }), 201, 'schedule drop');
  return { dropId: drop.id, productId: product.id, startsAt: drop.startsAt, totalStock: drop.totalStock };
}

/** The creator's (uncached) view of a drop. */
export async function dropDetail(creator, dropId) {
  return expectStatus(await call('GET', `/v1/drops/${dropId}`, { token: creator.token, name: 'drop detail' }), 200, 'drop detail');
}

/** Polls until the drop's status is one of `statuses` (the lifecycle workflow drives it by the clock). */
export async function waitForDropStatus(creator, dropId, statuses, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await dropDetail(creator, dropId);
    if (statuses.includes(d.status)) return d;
    if (Date.now() > deadline) throw new Error(`drop ${dropId} still ${d.status} after ${timeoutMs} ms (wanted ${statuses.join('|')})`);
    await pause(250);
  }
}

/** Ends a drop (best effort: it may already be sold out or ended). */
export async function endDrop(creator, dropId) {
  return call('POST', `/v1/drops/${dropId}/end`, { token: creator.token, name: 'end drop', body: { reason: 'load test finished' } });
}

// A k6 script cannot import the TypeScript vocabulary: mirrors FINAL_ORDER_STATUSES in common/src/domain/statuses.ts
// (loadtest/audit/test/vocabulary-mirror.unit.test.ts fails when they part).
export const FINAL_ORDER_STATUSES = ['confirmed', 'declined', 'cancelled', 'expired', 'failed'];
