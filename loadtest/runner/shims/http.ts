// Shim for `k6/http`, async API only: builds the request, records k6's http_*
// metrics and returns a k6 Response. Transport (shared keep-alive agents,
// timeouts, error codes) is in lib/http/transport.ts, the Response in lib/http/response.ts.
import { performance } from 'node:perf_hooks';
import type { IncomingMessage } from 'node:http';
import { currentIteration } from '../lib/context';
import { builtin, type Tags } from '../lib/metrics';
import { parseDuration } from '../lib/duration';
import { errorCode, requestTarget, startRequest, unwatchTimeout, watchTimeout, type CodedError } from '../lib/http/transport';
import { Response } from '../lib/http/response';

const DEFAULT_TIMEOUT_MS = 60_000;

type Headers = Record<string, string | number>;
interface Params {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
}
/** What http.url`...` returns: the URL plus its template as the default `name` tag. */
interface TemplatedUrl { url: string; name: string; toString(): string }

function encodeBody(body: unknown, headers: Headers): string | Buffer | null {
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

function resolveUrl(url: unknown): { href: string; name: string | undefined } {
  if (url && typeof url === 'object' && 'url' in url) {
    const t = url as TemplatedUrl;
    return { href: String(t.url), name: t.name };
  }
  return { href: String(url), name: undefined };
}

/** `await http.asyncRequest(method, url, body, params)` -> Response (never rejects on HTTP/network errors). */
export function asyncRequest(method: string, url: string | TemplatedUrl, body?: unknown, params: Params | null = {}): Promise<Response> {
  const state = currentIteration();
  const verb = String(method).toUpperCase();
  const { href, name: urlName } = resolveUrl(url);
  const headers: Headers = { ...(params?.headers ?? {}) };
  const payload = encodeBody(body, headers);
  const timeoutMs = params?.timeout !== undefined ? parseDuration(params.timeout, 'timeout') : DEFAULT_TIMEOUT_MS;
  const responseType = params?.responseType ?? 'text';

  const tags: Tags = {
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
    let timeoutEntry: Parameters<typeof watchTimeout>[0] | null = null;
    let target;
    try {
      target = requestTarget(href);
    } catch (err) {
      resolve(finish(null, null, Object.assign(err as Error, { code: 'ERR_INVALID_URL' })));
      return;
    }
    if (payload !== null) headers['Content-Length'] = Buffer.byteLength(payload);

    const req = startRequest(target, verb, headers);
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
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => { chunks.push(c); received += c.length; });
      res.once('end', () => {
        if (settled) return;
        settled = true;
        const buf = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
        resolve(finish(res, buf, null));
      });
      res.once('error', (err) => {
        if (!settled) { settled = true; resolve(finish(null, null, err)); }
      });
    });
    if (payload !== null) req.end(payload);
    else req.end();

    function finish(res: IncomingMessage | null, buf: Buffer | null, err: CodedError | null): Response {
      const end = performance.now();
      if (timeoutEntry) unwatchTimeout(timeoutEntry);
      const status = res?.statusCode ?? 0;
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

      let respBody: string | ArrayBuffer | null = null;
      if (res && buf && responseType !== 'none') {
        respBody = responseType === 'binary'
          ? buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer
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
export function url(strings: TemplateStringsArray, ...values: unknown[]): TemplatedUrl {
  let full = '';
  let name = '';
  strings.forEach((s, i) => {
    full += s;
    name += s;
    if (i < values.length) { full += String(values[i]); name += '${}'; }
  });
  return { url: full, name, toString: () => full };
}

function syncUnsupported(fnName: string): () => never {
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
