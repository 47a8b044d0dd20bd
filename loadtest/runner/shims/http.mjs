// Shim for `k6/http`, async API only. Uses node:http(s) with one shared
// keep-alive agent per protocol; k6 keeps a pool per VU, but sharing is what
// lets one Node process push thousands of requests per second.
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { currentIteration } from '../lib/context.mjs';
import { builtin } from '../lib/metrics.mjs';
import { parseDuration } from '../lib/duration.mjs';

// Sockets per origin are capped (default 256): past saturation, an uncapped pool
// opens a connection per waiting VU and the connect storm collapses throughput
// (measured: ~400 req/s instead of ~1.5k on a busy 2-core box). Time spent
// waiting for a socket shows up as http_req_blocked, as in k6.
const MAX_SOCKETS = Number(process.env.LIVEDROP_K6_MAX_SOCKETS || 256);
const agentOptions = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: MAX_SOCKETS, scheduling: 'lifo', noDelay: true };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
const transports = { 'http:': http, 'https:': https };
const DEFAULT_TIMEOUT_MS = 60_000;

// Request timeouts: one coarse sweeper instead of a socket timer per request
// (per-request timers measurably cost throughput at thousands of req/s).
const inFlight = new Set(); // { req, deadline }
let sweeper = null;
function watchTimeout(entry) {
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
      if (inFlight.size === 0) { clearInterval(sweeper); sweeper = null; }
    }, 100);
    sweeper.unref();
  }
}

// Parsed request options per URL string; load tests hit a handful of URLs.
const urlCache = new Map();
function requestOptions(href) {
  let opts = urlCache.get(href);
  if (!opts) {
    const u = new URL(href);
    if (!transports[u.protocol]) throw Object.assign(new Error(`unsupported protocol ${u.protocol}`), { code: 'ERR_INVALID_URL' });
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

// Let the runner drop all sockets on hard stop so the process can exit.
export function destroyAgents() {
  agents['http:'].destroy();
  agents['https:'].destroy();
}

// Go-style canonical header names ("content-type" -> "Content-Type"), as k6 returns them.
function canonical(name) {
  return name.replace(/(^|-)([a-z])/g, (_, dash, ch) => dash + ch.toUpperCase());
}

// k6's http error codes (https://grafana.com/docs/k6/latest/javascript-api/error-codes/)
function errorCode(err) {
  switch (err.code) {
    case 'K6_TIMEOUT': return 1050;
    case 'ENOTFOUND': return 1101;
    case 'EAI_AGAIN': return 1100;
    case 'ECONNREFUSED': return 1212;
    case 'ETIMEDOUT': return 1211;
    case 'ECONNRESET': return 1220;
    case 'EPIPE': return 1201;
    case 'ERR_INVALID_URL': return 1020;
    default: return err.code?.startsWith?.('ERR_TLS') || err.code?.startsWith?.('CERT_') ? 1300 : 1000;
  }
}

// Minimal gjson-ish selector: "a.b.0.c", and "items.#" for array length.
function select(value, selector) {
  let cur = value;
  for (const part of String(selector).split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (part === '#' && Array.isArray(cur)) return cur.length;
    cur = cur[part];
  }
  return cur;
}

class Response {
  // Private fields keep the object JSON/console friendly and cheap to build.
  #rawHeaders;
  #headers;
  #parsed;

  constructor(f, rawHeaders) {
    this.url = f.url;
    this.status = f.status;
    this.status_text = f.status_text;
    this.proto = f.proto;
    this.body = f.body;
    this.error = f.error;
    this.error_code = f.error_code;
    this.timings = f.timings;
    this.request = f.request;
    this.#rawHeaders = rawHeaders;
  }

  // Header names are canonicalised lazily: most scripts never read headers.
  get headers() {
    if (this.#headers === undefined) {
      const out = {};
      const raw = this.#rawHeaders ?? [];
      for (let i = 0; i < raw.length; i += 2) {
        const k = canonical(raw[i].toLowerCase());
        out[k] = out[k] === undefined ? raw[i + 1] : `${out[k]}, ${raw[i + 1]}`;
      }
      this.#headers = out;
    }
    return this.#headers;
  }

  json(selector) {
    if (this.body === null || this.body === undefined) throw new Error('the body is null so we can\'t transform it to JSON');
    if (this.#parsed === undefined) this.#parsed = JSON.parse(this.body);
    return selector === undefined ? this.#parsed : select(this.#parsed, selector);
  }

  html() {
    throw new Error('Response.html() is not supported by the LiveDrop runner');
  }

  toJSON() {
    return { ...this, headers: this.headers };
  }
}

function encodeBody(body, headers) {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body === 'object') {
    // k6 sends plain objects as form data, not JSON.
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    return new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString();
  }
  return String(body);
}

function resolveUrl(url) {
  // http.url`...` objects carry the template as the default `name` tag.
  if (url && typeof url === 'object' && 'url' in url) return { href: String(url.url), name: url.name };
  return { href: String(url), name: undefined };
}

/** `await http.asyncRequest(method, url, body, params)` -> Response (never rejects on HTTP/network errors). */
export function asyncRequest(method, url, body, params = {}) {
  const state = currentIteration();
  const verb = String(method).toUpperCase();
  const { href, name: urlName } = resolveUrl(url);
  const headers = { ...(params?.headers ?? {}) };
  const payload = encodeBody(body, headers);
  const timeoutMs = params?.timeout !== undefined ? parseDuration(params.timeout, 'timeout') : DEFAULT_TIMEOUT_MS;
  const responseType = params?.responseType ?? 'text';

  const tags = {
    ...state?.scenario?.metricTags,
    group: state?.groupPath ?? '',
    method: verb,
    url: href,
    name: urlName ?? href,
    ...params?.tags,
  };

  return new Promise((resolve) => {
    const start = performance.now();
    let sendStart = start;
    let firstByte = 0;
    let received = 0;
    let settled = false;
    let timeoutEntry = null;
    let parsed;
    try {
      parsed = requestOptions(href);
    } catch (err) {
      resolve(finish(null, null, Object.assign(err, { code: 'ERR_INVALID_URL' })));
      return;
    }
    if (payload !== null) headers['Content-Length'] = Buffer.byteLength(payload);

    const req = transports[parsed.protocol].request({ ...parsed, method: verb, headers, agent: agents[parsed.protocol] });
    timeoutEntry = { req, timeoutMs, deadline: start + timeoutMs };
    watchTimeout(timeoutEntry);
    // Measure from the moment the socket is connected, so pool wait/connect time
    // is excluded from http_req_duration like in k6 (blocked/connecting are separate).
    req.once('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => { sendStart = performance.now(); });
      else sendStart = performance.now();
    });
    req.once('error', (err) => {
      if (!settled) { settled = true; resolve(finish(null, null, err)); }
    });
    req.once('response', (res) => {
      firstByte = performance.now();
      const chunks = [];
      res.on('data', (c) => { chunks.push(c); received += c.length; });
      res.once('end', () => {
        if (settled) return;
        settled = true;
        const buf = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
        resolve(finish(res, buf, null));
      });
      res.once('error', (err) => {
        if (!settled) { settled = true; resolve(finish(null, null, err)); }
      });
    });
    if (payload !== null) req.end(payload);
    else req.end();

    function finish(res, buf, err) {
      const end = performance.now();
      if (timeoutEntry) inFlight.delete(timeoutEntry);
      const status = res ? res.statusCode : 0;
      const duration = res ? end - sendStart : 0;
      const failed = !res || status < 200 || status >= 400;
      tags.status = String(status);
      tags.expected_response = String(!failed);
      if (err) tags.error_code = String(errorCode(err));
      builtin.http_reqs.add(1, tags);
      builtin.http_req_duration.add(duration, tags);
      builtin.http_req_waiting.add(res ? firstByte - sendStart : 0, tags);
      builtin.http_req_blocked.add(sendStart - start, tags);
      builtin.http_req_failed.add(failed ? 1 : 0, tags);
      builtin.data_received.add(received, tags);
      builtin.data_sent.add((payload ? Buffer.byteLength(payload) : 0) + href.length + 64, tags);

      let respBody = null;
      if (res && responseType !== 'none') {
        respBody = responseType === 'binary'
          ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
          : buf.toString('utf8');
      }
      return new Response({
        url: href,
        status,
        status_text: res ? `${status} ${res.statusMessage}` : '',
        proto: res ? `HTTP/${res.httpVersion}` : '',
        body: respBody,
        error: err ? String(err.message ?? err) : '',
        error_code: err ? errorCode(err) : 0,
        timings: {
          duration,
          waiting: res ? firstByte - sendStart : 0,
          receiving: res ? end - firstByte : 0,
          sending: 0,
          blocked: sendStart - start,
          connecting: 0,
          tls_handshaking: 0,
        },
        request: { method: verb, url: href, headers, body: payload },
      }, res ? res.rawHeaders : null);
    }
  });
}

/** http.url`https://host/items/${id}` -> URL object whose default name tag is the template. */
export function url(strings, ...values) {
  let full = '';
  let name = '';
  strings.forEach((s, i) => {
    full += s;
    name += s;
    if (i < values.length) { full += values[i]; name += '${}'; }
  });
  return { url: full, name, toString: () => full };
}

function syncUnsupported(fnName) {
  return () => {
    throw new Error(`http.${fnName}(): use asyncRequest: synchronous k6 http is not supported by the LiveDrop runner ` +
      '(write `await http.asyncRequest(method, url, body, params)` inside an async default function)');
  };
}

export const request = syncUnsupported('request');
export const get = syncUnsupported('get');
export const post = syncUnsupported('post');
export const put = syncUnsupported('put');
export const patch = syncUnsupported('patch');
export const del = syncUnsupported('del');
export const head = syncUnsupported('head');
export const options = syncUnsupported('options');
export const batch = syncUnsupported('batch');

export default { asyncRequest, url, request, get, post, put, patch, del, head, options, batch };
