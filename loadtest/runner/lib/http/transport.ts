// node:http(s) transport for the k6/http shim: one shared keep-alive agent per
// protocol, a coarse request-timeout sweeper and k6's network error codes.
// k6 keeps a pool per VU; sharing one is what lets a single Node process push
// thousands of requests per second.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';

// Sockets per origin are capped (default 256): past saturation, an uncapped pool
// opens a connection per waiting VU and the connect storm collapses throughput
// (measured: ~400 req/s instead of ~1.5k on a busy 2-core box). Time spent
// waiting for a socket shows up as http_req_blocked, as in k6.
const MAX_SOCKETS = Number(process.env.LIVEDROP_K6_MAX_SOCKETS || 256);
// `timeout` lets Node's agent honour the server's `Keep-Alive: timeout=N` hint: an idle socket is dropped a second
// before the server would close it, instead of being reused at that moment and failing with ECONNRESET (a
// shopper polling every couple of seconds hit that now and then).
const agentOptions = {
  keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS, scheduling: 'lifo' as const, noDelay: true, timeout: 60_000,
};
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
const transports = { 'http:': http, 'https:': https };
type Protocol = keyof typeof transports;

/** An Error with Node's (or our) error code, as http/socket errors carry. */
export type CodedError = Error & { code?: string };

// Request timeouts: one coarse sweeper instead of a socket timer per request
// (per-request timers measurably cost throughput at thousands of req/s).
interface TimeoutEntry { req: http.ClientRequest; timeoutMs: number; deadline: number }
const inFlight = new Set<TimeoutEntry>();
let sweeper: NodeJS.Timeout | null = null;

export function watchTimeout(entry: TimeoutEntry): void {
  inFlight.add(entry);
  if (!sweeper) {
    sweeper = setInterval(() => {
      const now = performance.now();
      for (const e of inFlight) {
        if (e.deadline <= now) {
          inFlight.delete(e);
          e.req.destroy(Object.assign(new Error(`request timeout after ${e.timeoutMs}ms`), { code: 'K6_TIMEOUT' }));
        }
      }
      if (inFlight.size === 0 && sweeper) { clearInterval(sweeper); sweeper = null; }
    }, 100);
    sweeper.unref();
  }
}

export function unwatchTimeout(entry: TimeoutEntry): void {
  inFlight.delete(entry);
}

interface RequestTarget { protocol: Protocol; hostname: string; port: string | undefined; path: string; auth: string | undefined }

// Parsed request options per URL string; load tests hit a handful of URLs.
const urlCache = new Map<string, RequestTarget>();
export function requestTarget(href: string): RequestTarget {
  let opts = urlCache.get(href);
  if (!opts) {
    const u = new URL(href);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw Object.assign(new Error(`unsupported protocol ${u.protocol}`), { code: 'ERR_INVALID_URL' });
    }
    opts = {
      protocol: u.protocol,
      hostname: u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname,
      port: u.port || undefined,
      path: `${u.pathname}${u.search}`,
      auth: u.username ? `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}` : undefined,
    };
    if (urlCache.size > 5_000) urlCache.clear();
    urlCache.set(href, opts);
  }
  return opts;
}

/** Starts a request on the shared agent of its protocol. */
export function startRequest(target: RequestTarget, method: string, headers: Record<string, string | number>): http.ClientRequest {
  return transports[target.protocol].request({ ...target, method, headers, agent: agents[target.protocol] });
}

// Let the runner drop all sockets on hard stop so the process can exit.
export function destroyAgents(): void {
  agents['http:'].destroy();
  agents['https:'].destroy();
}

// k6's http error codes (https://grafana.com/docs/k6/latest/javascript-api/error-codes/)
export function errorCode(err: CodedError): number {
  switch (err.code) {
    case 'K6_TIMEOUT': return 1050;
    case 'ENOTFOUND': return 1101;
    case 'EAI_AGAIN': return 1100;
    case 'ECONNREFUSED': return 1212;
    case 'ETIMEDOUT': return 1211;
    case 'ECONNRESET': return 1220;
    case 'EPIPE': return 1201;
    case 'ERR_INVALID_URL': return 1020;
    default: return err.code?.startsWith('ERR_TLS') || err.code?.startsWith('CERT_') ? 1300 : 1000;
  }
}
