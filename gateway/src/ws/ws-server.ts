import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { AppError, clientAddress, type Logger, type Redis, type TrustProxy } from '@livedrop/common';
import type { AccessTokens } from '../auth/access-token';
import { MAX_SUBSCRIPTIONS_PER_SOCKET, parseClientMessage } from './client-messages';
import { handshakeToken, WS_PROTOCOL } from './handshake-token';
import { startPushSubscriber } from './push-subscriber';
import { SocketCounter } from './socket-caps';
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
  /** Who may name the client in X-Forwarded-For (TRUST_PROXY); the per-address cap counts that address. */
  trustProxy?: TrustProxy;
  /** Caps on this process's live sockets per account and per client address (WS_MAX_SOCKETS_*); 0 = none. */
  maxSocketsPerUser?: number;
  maxSocketsPerIp?: number;
  /** A socket without a token in the handshake must send `{"type":"auth"}` within this time. */
  authTimeoutMs?: number;
}

const STATUS_TEXT = { 401: 'Unauthorized', 404: 'Not Found', 429: 'Too Many Requests' } as const;
// Application close codes (4000-4999): 4401 not authenticated, 4429 too many sockets for the account.
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_TOO_MANY = 4429;
const MAX_TIMER_MS = 2 ** 31 - 1;

function reject(socket: Duplex, status: keyof typeof STATUS_TEXT, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

type Session = Awaited<ReturnType<AccessTokens['verifyWithExpiry']>>;
const toAuthError = (err: unknown) => (err instanceof AppError ? err : new AppError(401, 'invalid_token', 'access token is invalid'));

/**
 * WebSockets share the gateway's HTTP port (`noServer`). A client authenticates with its access token in the
 * `Sec-WebSocket-Protocol` header (`livedrop, bearer.<jwt>`), in the URL (`/ws?token=`, older clients), or in
 * its first message (`{"type":"auth","token"}`) within `authTimeoutMs`; it gets nothing before. Account pushes
 * stop when the token expires (`token_expired`) until the client sends a fresh one over the same socket.
 * Every message pushed through Redis (pushToUser / pushToDrop) is encoded once and written to the matching
 * OPEN sockets.
 */
export async function attachWebSockets(server: Server, deps: WebSocketDeps) {
  const { logger, tokens } = deps;
  const trust = deps.trustProxy ?? (() => false);
  const wss = new WebSocketServer({
    noServer: true, maxPayload: 4096, perMessageDeflate: false,
    // Answer with our protocol only (never echo the token); a client that offered none gets none.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const index = new SocketIndex();
  const perIp = new SocketCounter<string>(deps.maxSocketsPerIp ?? 0);
  const perUser = new SocketCounter<number>(deps.maxSocketsPerUser ?? 0);

  const reply = (ws: ClientSocket, message: Record<string, unknown>) => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  };

  /** Binds the socket to the token's account (its slot already taken) and arms the expiry. */
  const authenticate = (ws: ClientSocket, { user, expiresAtMs }: Session) => {
    const first = ws.userId === undefined;
    ws.userId = user.id;
    ws.role = user.role;
    ws.expiresAtMs = expiresAtMs;
    index.addUser(ws);
    clearTimeout(ws.expiryTimer);
    ws.expiryTimer = setTimeout(() => {
      index.removeUser(ws);
      reply(ws, { type: 'token_expired', message: 'send {"type":"auth","token":<fresh access token>} to keep receiving account pushes' });
    }, Math.min(MAX_TIMER_MS, Math.max(0, expiresAtMs - Date.now())));
    ws.expiryTimer.unref();
    reply(ws, first ? { type: 'hello', userId: user.id } : { type: 'reauthenticated', userId: user.id, expiresAt: new Date(expiresAtMs).toISOString() });
  };

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer, ip: string, session?: Session) => {
    // ws answers a malformed handshake (bad key or version) itself and never calls back: give the slots back.
    let upgraded = false;
    socket.once('close', () => {
      if (upgraded) return;
      perIp.release(ip);
      if (session) perUser.release(session.user.id);
    });
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      const client = ws as ClientSocket;
      client.clientIp = ip;
      client.expiresAtMs = 0;
      client.drops = new Set();
      client.alive = true;
      wss.emit('connection', client, req);
      if (session) return authenticate(client, session);
      const timer = setTimeout(() => {
        if (client.userId === undefined) client.close(CLOSE_UNAUTHENTICATED, 'authenticate first: {"type":"auth","token":…}');
      }, deps.authTimeoutMs ?? 10_000);
      timer.unref();
      client.once('close', () => clearTimeout(timer));
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy()); // a client vanishing mid-handshake is not our error
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return reject(socket, 404, 'route_not_found', 'WebSockets live at /ws');
    const ip = clientAddress(req, trust);
    if (!perIp.take(ip)) return reject(socket, 429, 'too_many_sockets', 'too many WebSockets from this address');
    const token = handshakeToken(req, url);
    if (token === undefined) return accept(req, socket, head, ip);
    tokens.verifyWithExpiry(token).then(
      (session) => {
        if (!perUser.take(session.user.id)) {
          perIp.release(ip);
          return reject(socket, 429, 'too_many_sockets', 'too many WebSockets for this account');
        }
        accept(req, socket, head, ip, session);
      },
      (err: unknown) => {
        perIp.release(ip);
        const e = toAuthError(err);
        reject(socket, 401, e.code, e.message);
      },
    );
  };
  server.on('upgrade', onUpgrade);

  const onAuthMessage = (ws: ClientSocket, token: string) => {
    tokens.verifyWithExpiry(token).then(
      (session) => {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.userId === undefined) {
          if (!perUser.take(session.user.id)) {
            reply(ws, { type: 'error', code: 'too_many_sockets', message: 'too many WebSockets for this account' });
            return ws.close(CLOSE_TOO_MANY, 'too many sockets for this account');
          }
        } else if (ws.userId !== session.user.id) {
          return reply(ws, { type: 'error', code: 'wrong_user', message: 'this connection belongs to another account' });
        }
        authenticate(ws, session);
      },
      (err: unknown) => {
        const e = toAuthError(err);
        reply(ws, { type: 'error', code: e.code, message: e.message });
        if (ws.userId === undefined) ws.close(CLOSE_UNAUTHENTICATED, e.code);
      },
    );
  };

  const onClientMessage = (ws: ClientSocket, data: RawData, isBinary: boolean) => {
    const parsed = isBinary ? { error: 'send text frames' } : parseClientMessage(data.toString());
    if ('error' in parsed) return reply(ws, { type: 'error', code: 'bad_message', message: parsed.error });
    if (parsed.type === 'auth') return onAuthMessage(ws, parsed.token);
    if (ws.userId === undefined) {
      return reply(ws, { type: 'error', code: 'auth_required', message: 'send {"type":"auth","token":<access token>} first' });
    }
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
    ws.on('pong', () => { ws.alive = true; });
    ws.on('message', (data, isBinary) => onClientMessage(ws, data, isBinary));
    ws.on('close', () => {
      clearTimeout(ws.expiryTimer);
      index.remove(ws);
      perIp.release(ws.clientIp);
      if (ws.userId !== undefined) perUser.release(ws.userId);
    });
    ws.on('error', (err) => logger.debug({ err: err.message }, 'ws error'));
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
