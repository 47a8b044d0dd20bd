import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { AppError, type Logger, type Redis } from '@livedrop/common';
import type { AccessTokens } from '../auth/access-token';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, parseClientMessage } from './client-messages';
import { startPushSubscriber } from './push-subscriber';
import { SocketIndex, type ClientSocket } from './socket-index';

const HEARTBEAT_MS = 30_000;
// A client this far behind (a stalled phone on a bad network) only gets further behind: cut it loose
// so its buffer cannot grow without bound; it reconnects and resubscribes.
const MAX_BUFFERED_BYTES = 1 << 20;

export interface WebSocketDeps {
  logger: Logger;
  tokens: AccessTokens;
  /** Duplicated for the one pub/sub subscriber connection of this process. */
  redis: Redis;
  heartbeatMs?: number;
}

function reject(socket: Duplex, status: 401 | 404, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * WebSockets share the gateway's HTTP port: `noServer`, and the upgrade is authenticated here
 * (`/ws?token=<access JWT>`) so an unauthenticated client never gets a socket. Every message pushed
 * through Redis (pushToUser / pushToDrop) is encoded once and written to the matching OPEN sockets.
 */
export async function attachWebSockets(server: Server, deps: WebSocketDeps) {
  const { logger, tokens } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, perMessageDeflate: false });
  const index = new SocketIndex();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a client vanishing mid-handshake is not our error
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return reject(socket, 404, 'route_not_found', 'WebSockets live at /ws');
    const token = url.searchParams.get('token');
    if (!token) return reject(socket, 401, 'missing_token', 'connect to /ws?token=<access token>');
    tokens.verify(token).then(
      (user) => wss.handleUpgrade(req, socket, head, (ws) => {
        const client = ws as ClientSocket;
        client.userId = user.id;
        client.role = user.role;
        client.drops = new Set();
        client.alive = true;
        wss.emit('connection', client, req);
      }),
      (err: unknown) => {
        const e = err instanceof AppError ? err : new AppError(401, 'invalid_token', 'access token is invalid');
        reject(socket, 401, e.code, e.message);
      },
    );
  };
  server.on('upgrade', onUpgrade);

  const reply = (ws: ClientSocket, message: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  const onClientMessage = (ws: ClientSocket, data: RawData, isBinary: boolean) => {
    const parsed = isBinary ? { error: 'send text frames' } : parseClientMessage(data.toString());
    if ('error' in parsed) return reply(ws, { type: 'error', code: 'bad_message', message: parsed.error });
    if (parsed.type === 'unsubscribe') {
      index.unsubscribe(ws, parsed.dropId);
      return reply(ws, { type: 'unsubscribed', dropId: parsed.dropId });
    }
    if (!ws.drops.has(parsed.dropId) && ws.drops.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return reply(ws, { type: 'error', code: 'too_many_subscriptions', message: `at most ${MAX_SUBSCRIPTIONS_PER_SOCKET} drops per connection` });
    }
    index.subscribe(ws, parsed.dropId);
    reply(ws, { type: 'subscribed', dropId: parsed.dropId });
  };

  wss.on('connection', (ws: ClientSocket) => {
    index.add(ws);
    ws.on('pong', () => { ws.alive = true; });
    ws.on('message', (data, isBinary) => onClientMessage(ws, data, isBinary));
    ws.on('close', () => index.remove(ws));
    ws.on('error', (err) => logger.debug({ err: err.message }, 'ws error'));
    reply(ws, { type: 'hello', userId: ws.userId });
  });

  /** The message is already JSON text (the publisher serialised it once); encode it once for all sockets. */
  const deliver = (sockets: Iterable<ClientSocket> | undefined, text: string, encoded?: { frame?: Buffer }) => {
    if (!sockets) return;
    const shared = encoded ?? {};
    for (const ws of sockets) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate();
        continue;
      }
      ws.send((shared.frame ??= Buffer.from(text)), { binary: false });
    }
  };

  const subscriber = await startPushSubscriber(deps.redis, {
    toUser: (userId, text) => deliver(index.userSockets(userId), text),
    toUsers: (userIds, text) => {
      const encoded = {};
      for (const userId of userIds) deliver(index.userSockets(userId), text, encoded);
    },
    toDrop: (dropId, text) => deliver(index.dropSockets(dropId), text),
    toEveryone: (text) => deliver(wss.clients as Set<ClientSocket>, text),
    toOps: (text) => deliver(index.opsSockets(), text),
  }, logger);

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<ClientSocket>) {
      if (!ws.alive) { ws.terminate(); continue; }
      ws.alive = false;
      ws.ping();
    }
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  return {
    wss,
    index,
    close: async () => {
      clearInterval(heartbeat);
      server.off('upgrade', onUpgrade);
      await subscriber.close();
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type WebSocketHub = Awaited<ReturnType<typeof attachWebSockets>>;
