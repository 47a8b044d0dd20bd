// Shim for `k6/experimental/websockets` (browser-style WebSocket) on top of the
// `ws` package. An open socket keeps its iteration alive until it closes, just
// as an open socket keeps a k6 VU's event loop busy.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { currentIteration, runIn } from '../lib/context.mjs';
import { builtin } from '../lib/metrics.mjs';

// Resolved from the runner's location, i.e. the monorepo root node_modules
// (NODE_PATH is honoured as a fallback).
const require = createRequire(import.meta.url);
let WS;
try {
  WS = require('ws');
} catch (err) {
  throw new Error('k6/experimental/websockets needs the `ws` npm package in the repo root node_modules (npm install at the repo root)', { cause: err });
}

export const ReadyState = Object.freeze({ Connecting: 0, Open: 1, Closing: 2, Closed: 3 });
export const BinaryType = Object.freeze({ Blob: 'blob', ArrayBuffer: 'arraybuffer' });
export const EventName = Object.freeze({ Open: 'open', Close: 'close', Error: 'error', Message: 'message', Ping: 'ping', Pong: 'pong' });

const EVENTS = new Set(Object.values(EventName));

function toArrayBuffer(buf) {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
}

export class WebSocket {
  constructor(url, protocols, params = {}) {
    this.url = String(url);
    this.protocol = '';
    this.binaryType = BinaryType.ArrayBuffer;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this.onclose = null;
    this.onping = null;
    this.onpong = null;
    this._listeners = new Map();
    this._state = currentIteration();
    this._tags = {
      ...this._state?.scenario?.metricTags,
      group: this._state?.groupPath ?? '',
      url: this.url,
      ...params?.tags,
    };
    this._created = performance.now();
    this._opened = false;
    this._finished = false;
    this._abortedByRunner = false;
    // Handle registered with the iteration; abort() is used on hard stop.
    this._handle = { abort: () => { this._abortedByRunner = true; this._ws.terminate(); } };
    this._state?.track(this._handle);

    builtin.ws_sessions.add(1, this._tags);
    const protos = protocols === undefined || protocols === null ? [] : [].concat(protocols);
    this._ws = new WS(this.url, protos, { headers: params?.headers ?? {}, perMessageDeflate: false });
    this._ws.on('upgrade', (res) => { this._tags.status = String(res.statusCode); });
    this._ws.on('open', () => {
      this._opened = true;
      this.protocol = this._ws.protocol;
      builtin.ws_connecting.add(performance.now() - this._created, this._tags);
      this._dispatch('open', { type: 'open' });
    });
    this._ws.on('message', (data, isBinary) => {
      builtin.ws_msgs_received.add(1, this._tags);
      builtin.data_received.add(data.length, this._tags);
      let payload;
      if (!isBinary) payload = data.toString('utf8');
      else if (this.binaryType === BinaryType.Blob) payload = new Blob([data]);
      else payload = toArrayBuffer(data);
      this._dispatch('message', { type: 'message', data: payload, origin: this.url, timestamp: Date.now() });
    });
    this._ws.on('ping', () => this._dispatch('ping', { type: 'ping' }));
    this._ws.on('pong', () => this._dispatch('pong', { type: 'pong' }));
    this._ws.on('error', (err) => {
      this._dispatch('error', { type: 'error', error: String(err?.message ?? err) });
    });
    this._ws.on('close', (code, reason) => this._finish(code, reason.toString()));
  }

  get readyState() {
    return this._ws.readyState;
  }

  get bufferedAmount() {
    return this._ws.bufferedAmount;
  }

  send(data) {
    if (this._ws.readyState !== WS.OPEN) throw new Error('InvalidStateError: the websocket is not open');
    let out = data;
    if (data instanceof ArrayBuffer) out = Buffer.from(data);
    else if (ArrayBuffer.isView(data)) out = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    builtin.ws_msgs_sent.add(1, this._tags);
    builtin.data_sent.add(typeof out === 'string' ? Buffer.byteLength(out) : out.length, this._tags);
    this._ws.send(out);
  }

  ping() {
    this._ws.ping();
  }

  close(code, reason) {
    if (this._ws.readyState === WS.CONNECTING) {
      this._ws.terminate(); // ws can't send a close frame before the handshake
      return;
    }
    this._ws.close(code ?? 1000, reason ?? '');
  }

  addEventListener(type, handler) {
    if (!EVENTS.has(type)) throw new Error(`unknown websocket event "${type}"`);
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    if (!this._listeners.has(type)) this._listeners.set(type, []);
    this._listeners.get(type).push(handler);
  }

  removeEventListener(type, handler) {
    const list = this._listeners.get(type);
    if (list) this._listeners.set(type, list.filter((h) => h !== handler));
  }

  _finish(code, reason) {
    if (this._finished) return;
    this._finished = true;
    if (this._opened) builtin.ws_session_duration.add(performance.now() - this._created, this._tags);
    // After a runner hard stop no script code runs any more.
    if (!this._abortedByRunner) this._dispatch('close', { type: 'close', code, reason });
    this._state?.untrack(this._handle);
  }

  // Runs handlers inside the owning iteration's context; an exception fails
  // that iteration (k6 behaviour) instead of crashing the process.
  _dispatch(type, event) {
    const state = this._state;
    if (state?.aborted) return;
    const handlers = [];
    const prop = this[`on${type}`];
    if (typeof prop === 'function') handlers.push(prop);
    const list = this._listeners.get(type);
    if (list) handlers.push(...list);
    for (const h of handlers) {
      try {
        const r = runIn(state, () => h.call(this, event));
        if (r && typeof r.then === 'function') r.then(undefined, (err) => this._fail(err));
      } catch (err) {
        this._fail(err);
      }
    }
  }

  _fail(err) {
    if (this._state) this._state.fail(err);
    else process.stderr.write(`ERRO websocket handler threw: ${err?.stack ?? err}\n`);
  }
}

WebSocket.CONNECTING = 0;
WebSocket.OPEN = 1;
WebSocket.CLOSING = 2;
WebSocket.CLOSED = 3;

export default { WebSocket, ReadyState, BinaryType, EventName };
