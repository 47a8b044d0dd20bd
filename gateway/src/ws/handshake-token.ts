import type { IncomingMessage } from 'node:http';

/** The subprotocol the gateway answers with; a client sending its token in the header offers it too. */
export const WS_PROTOCOL = 'livedrop';
const BEARER_PROTOCOL = /^bearer\.([\w-]+\.[\w-]+\.[\w-]+)$/;

/**
 * The access token a client put in the handshake, if any: `Sec-WebSocket-Protocol: livedrop, bearer.<jwt>`
 * (browsers can set that header; it stays out of URLs and access logs), or `?token=<jwt>` (kept for older
 * clients). Without one, the socket must authenticate with its first message.
 */
export function handshakeToken(req: IncomingMessage, url: URL): string | undefined {
  for (const offered of (req.headers['sec-websocket-protocol'] ?? '').split(',')) {
    const m = BEARER_PROTOCOL.exec(offered.trim());
    if (m) return m[1];
  }
  return url.searchParams.get('token') ?? undefined;
}
