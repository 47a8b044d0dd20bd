import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '@livedrop/common';

const HEARTBEAT_MS = 30_000;

interface LiveSocket extends WebSocket {
  alive?: boolean;
}

/**
 * WebSockets share the gateway's HTTP port: `noServer` and the upgrade handled here, so
 * authentication can refuse a connection before it is accepted. Silent sockets are terminated.
 */
export function attachWebSockets(server: Server, logger: Logger) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  server.on('upgrade', onUpgrade);

  wss.on('connection', (ws: LiveSocket) => {
    ws.alive = true;
    ws.on('pong', () => { ws.alive = true; });
    ws.on('error', (err) => logger.debug({ err: err.message }, 'ws error'));
    ws.send(JSON.stringify({ type: 'hello' }));
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<LiveSocket>) {
      if (!ws.alive) { ws.terminate(); continue; }
      ws.alive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
