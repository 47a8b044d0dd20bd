import { parseLiveMessage, type LiveMessage } from './messages';

export type LiveStatus = 'idle' | 'connecting' | 'open' | 'reconnecting';

const BASE_DELAY_MS = 500;
const OPEN = 1; // WebSocket.OPEN
const MAX_DELAY_MS = 15_000;

/**
 * The one place that knows how the socket authenticates (today `/ws?token=<access token>` on the upgrade).
 * Change it here if the gateway moves to a first-message auth.
 */
export function liveSocketUrl(token: string, where: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = where.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${where.host}/ws?token=${encodeURIComponent(token)}`;
}

export interface LiveSocketOptions {
  /** A valid access token (refreshed when `forceRefresh`, e.g. after the upgrade was refused), or null when signed out. */
  getToken: (forceRefresh: boolean) => Promise<string | null>;
  createSocket?: (url: string) => WebSocket;
  /** Where the page is served from (the socket is on the same origin). */
  location?: Pick<Location, 'protocol' | 'host'>;
  random?: () => number;
}

export type LiveSocket = ReturnType<typeof createLiveSocket>;

/**
 * One WebSocket per tab. Components subscribe to typed messages and watch drops (reference counted);
 * the socket reconnects with exponential backoff and jitter, re-subscribes every watched drop, and
 * bumps `generation` on each (re)open so listeners re-sync the state they may have missed from HTTP.
 */
export function createLiveSocket(opts: LiveSocketOptions) {
  const make = opts.createSocket ?? ((url: string) => new WebSocket(url));
  const random = opts.random ?? Math.random;
  const watched = new Map<number, number>();
  const messageListeners = new Set<(msg: LiveMessage) => void>();
  const statusListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  let status: LiveStatus = 'idle';
  let generation = 0;
  let attempt = 0;
  let wanted = false;
  let openedOnce = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    for (const l of statusListeners) l();
  };
  const send = (msg: object) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(msg));
  };

  async function connect() {
    setStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    // A socket that closed without ever opening was probably refused (expired token): refresh first.
    const token = await opts.getToken(attempt > 0 && !openedOnce).catch(() => null);
    if (!wanted) return;
    if (!token) return scheduleReconnect();
    openedOnce = false;
    const ws = make(liveSocketUrl(token, opts.location));
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      openedOnce = true;
      for (const dropId of watched.keys()) send({ type: 'subscribe', dropId });
      generation += 1;
      setStatus('open');
    };
    ws.onmessage = (event: MessageEvent) => {
      const msg = parseLiveMessage(event.data);
      if (msg) for (const l of messageListeners) l(msg);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (wanted) scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    setStatus('reconnecting');
    const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt) * (0.5 + random() / 2);
    attempt += 1;
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
  }

  const reconnectNow = () => {
    if (!wanted || socket) return;
    clearTimeout(timer);
    timer = undefined;
    void connect();
  };

  return {
    start() {
      if (wanted) return;
      wanted = true;
      attempt = 0;
      globalThis.addEventListener?.('online', reconnectNow);
      void connect();
    },
    stop() {
      wanted = false;
      clearTimeout(timer);
      timer = undefined;
      globalThis.removeEventListener?.('online', reconnectNow);
      const ws = socket;
      socket = null;
      ws?.close(1000, 'signed out');
      setStatus('idle');
    },
    /** Receive queue ticks etc. for a drop while the returned function is not called. */
    watchDrop(dropId: number) {
      const n = watched.get(dropId) ?? 0;
      watched.set(dropId, n + 1);
      if (n === 0) send({ type: 'subscribe', dropId });
      return () => {
        const left = (watched.get(dropId) ?? 1) - 1;
        if (left > 0) return void watched.set(dropId, left);
        watched.delete(dropId);
        send({ type: 'unsubscribe', dropId });
      };
    },
    onMessage(listener: (msg: LiveMessage) => void) {
      messageListeners.add(listener);
      return () => { messageListeners.delete(listener); };
    },
    onStatus(listener: () => void) {
      statusListeners.add(listener);
      return () => { statusListeners.delete(listener); };
    },
    status: () => status,
    /** Increases on every successful (re)connect. */
    generation: () => generation,
  };
}
