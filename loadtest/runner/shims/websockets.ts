// Shim for `k6/experimental/websockets` (browser-style WebSocket) on top of the
// `ws` package. An open socket keeps its iteration alive until it closes, just
// as an open socket keeps a k6 VU's event loop busy.
import { performance } from 'node:perf_hooks';
import WS from 'ws';
import { currentIteration, runIn, type IterationState, type PendingHandle } from '../lib/context';
import { builtin, type Tags } from '../lib/metrics';

type EventType = 'open' | 'close' | 'error' | 'message' | 'ping' | 'pong';
type Handler = (this: WebSocket, event: Record<string, unknown>) => unknown;
interface Params { headers?: Record<string, string>; tags?: Record<string, string> }

export const ReadyState = Object.freeze({ Connecting: 0, Open: 1, Closing: 2, Closed: 3 });
export const BinaryType = Object.freeze({ Blob: 'blob', ArrayBuffer: 'arraybuffer' });
export const EventName = Object.freeze({ Open: 'open', Close: 'close', Error: 'error', Message: 'message', Ping: 'ping', Pong: 'pong' });

const EVENTS = new Set<string>(Object.values(EventName));

function toArrayBuffer(buf: Buffer): ArrayBuffer {
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

export class WebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readonly url: string;
  protocol = '';
  binaryType: string = BinaryType.ArrayBuffer;
  onopen: Handler | null = null;
  onmessage: Handler | null = null;
  onerror: Handler | null = null;
  onclose: Handler | null = null;
  onping: Handler | null = null;
  onpong: Handler | null = null;
  private readonly _listeners = new Map<string, Handler[]>();
  private readonly _state: IterationState | undefined;
  private readonly _tags: Tags;
  private readonly _created: number;
  private _opened = false;
  private _finished = false;
  private _abortedByRunner = false;
  private readonly _handle: PendingHandle;
  private readonly _ws: WS;

  constructor(url: string, protocols?: string | string[] | null, params: Params | null = {}) {
    this.url = String(url);
    this._state = currentIteration();
    this._tags = {
      ...this._state?.scenario?.metricTags,
      group: this._state?.groupPath ?? '',
      url: this.url,
      ...params?.tags,
    };
    this._created = performance.now();
    // Handle registered with the iteration; abort() is used on hard stop.
    this._handle = { abort: () => { this._abortedByRunner = true; this._ws.terminate(); } };
    this._state?.track(this._handle);

    builtin.ws_sessions.add(1, this._tags);
    const protos = protocols === undefined || protocols === null ? [] : ([] as string[]).concat(protocols);
    this._ws = new WS(this.url, protos, { headers: params?.headers ?? {}, perMessageDeflate: false });
    this._ws.on('upgrade', (res) => { this._tags.status = String(res.statusCode); });
    this._ws.on('open', () => {
      this._opened = true;
      this.protocol = this._ws.protocol;
      builtin.ws_connecting.add(performance.now() - this._created, this._tags);
      this._dispatch('open', { type: 'open' });
    });
    this._ws.on('message', (raw: WS.RawData, isBinary: boolean) => {
      const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      builtin.ws_msgs_received.add(1, this._tags);
      builtin.data_received.add(data.length, this._tags);
      let payload: string | Blob | ArrayBuffer;
      if (!isBinary) payload = data.toString('utf8');
      else if (this.binaryType === BinaryType.Blob) payload = new Blob([toArrayBuffer(data)]);
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

  get readyState(): number {
    return this._ws.readyState;
  }

  get bufferedAmount(): number {
    return this._ws.bufferedAmount;
  }

  send(data: string | ArrayBuffer | ArrayBufferView): void {
    if (this._ws.readyState !== WS.OPEN) throw new Error('InvalidStateError: the websocket is not open');
    let out: string | Buffer;
    if (typeof data === 'string') out = data;
    else if (data instanceof ArrayBuffer) out = Buffer.from(data);
    else out = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    builtin.ws_msgs_sent.add(1, this._tags);
    builtin.data_sent.add(typeof out === 'string' ? Buffer.byteLength(out) : out.byteLength, this._tags);
    this._ws.send(out);
  }

  ping(): void {
    this._ws.ping();
  }

  close(code?: number, reason?: string): void {
    if (this._ws.readyState === WS.CONNECTING) {
      this._ws.terminate(); // ws can't send a close frame before the handshake
      return;
    }
    this._ws.close(code ?? 1000, reason ?? '');
  }

  addEventListener(type: EventType, handler: Handler): void {
    if (!EVENTS.has(type)) throw new Error(`unknown websocket event "${type}"`);
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    const list = this._listeners.get(type) ?? [];
    list.push(handler);
    this._listeners.set(type, list);
  }

  removeEventListener(type: EventType, handler: Handler): void {
    const list = this._listeners.get(type);
    if (list) this._listeners.set(type, list.filter((h) => h !== handler));
  }

  private _finish(code: number, reason: string): void {
    if (this._finished) return;
    this._finished = true;
    if (this._opened) builtin.ws_session_duration.add(performance.now() - this._created, this._tags);
    // After a runner hard stop no script code runs any more.
    if (!this._abortedByRunner) this._dispatch('close', { type: 'close', code, reason });
    this._state?.untrack(this._handle);
  }

  // Runs handlers inside the owning iteration's context; an exception fails
  // that iteration (k6 behaviour) instead of crashing the process.
  private _dispatch(type: EventType, event: Record<string, unknown>): void {
    const state = this._state;
    if (state?.aborted) return;
    const handlers: Handler[] = [];
    const prop = this[`on${type}`];
    if (typeof prop === 'function') handlers.push(prop);
    const list = this._listeners.get(type);
    if (list) handlers.push(...list);
    for (const h of handlers) {
      try {
        const r = runIn(state, () => h.call(this, event));
        if (r instanceof Promise) r.then(undefined, (err: unknown) => this._fail(err));
      } catch (err) {
        this._fail(err);
      }
    }
  }

  private _fail(err: unknown): void {
    if (this._state) this._state.fail(err);
    else process.stderr.write(`ERRO websocket handler threw: ${err instanceof Error ? err.stack : String(err)}\n`);
  }
}


export default { WebSocket, ReadyState, BinaryType, EventName };
