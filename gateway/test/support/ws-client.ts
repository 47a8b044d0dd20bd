import WebSocket from 'ws';

export interface TestSocket {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  /** Resolves with the first message (already received or future) that matches. */
  next(match: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(message: unknown): void;
  close(): void;
  /** Resolves with the close code once the server (or we) closed the socket. */
  closed: Promise<number>;
}

export interface ConnectOptions {
  /** Offered subprotocols, e.g. ['livedrop', `bearer.${token}`]. */
  protocols?: string[];
  /** Source address of the TCP connection (any 127.x.y.z works on loopback), for per-address caps. */
  localAddress?: string;
  headers?: Record<string, string>;
}

/** Opens `ws://…/ws?token=…` and records every message; rejects with the HTTP status if the upgrade is refused. */
export function connectWs(httpUrl: string, token?: string, options: ConnectOptions = {}): Promise<TestSocket> {
  const url = `ws${httpUrl.slice(4)}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options.protocols ?? [], { localAddress: options.localAddress, headers: options.headers });
    const closed = new Promise<number>((res) => ws.on('close', (code) => res(code)));
    const messages: Record<string, unknown>[] = [];
    const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      messages.push(message);
      for (const w of [...waiters]) if (w.match(message)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(message); }
    });
    ws.on('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.on('error', reject);
    ws.on('open', () => resolve({
      ws,
      messages,
      next(match, timeoutMs = 5000) {
        const seen = messages.find(match);
        if (seen) return Promise.resolve(seen);
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
          waiters.push({ match, resolve: (m) => { clearTimeout(timer); res(m); } });
        });
      },
      send: (message) => ws.send(JSON.stringify(message)),
      close: () => ws.terminate(),
      closed,
    }));
  });
}
