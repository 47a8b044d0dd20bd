import type { WebSocket } from 'ws';
import type { Role } from '../auth/access-token';

export interface ClientSocket extends WebSocket {
  /** Set once the socket authenticated (in the URL, the subprotocol header or an `auth` message). */
  userId?: number;
  /** Account pushes stop at this time unless the client re-authenticates over the socket. */
  expiresAtMs: number;
  expiryTimer?: NodeJS.Timeout;
  clientIp: string;
  /** From the verified access token: decides who receives ops pushes (while the token is valid). */
  role?: Role;
  drops: Set<number>;
  alive: boolean;
}

/** Which of this process's sockets belong to a user and which watch a drop: O(1) lookups per push. */
export class SocketIndex {
  private readonly byUser = new Map<number, Set<ClientSocket>>();
  private readonly byDrop = new Map<number, Set<ClientSocket>>();
  private readonly ops = new Set<ClientSocket>();

  /** The socket gets its user's pushes (while its token is valid). */
  addUser(ws: ClientSocket): void {
    if (ws.userId !== undefined) add(this.byUser, ws.userId, ws);
    if (ws.role === 'ops') this.ops.add(ws);
  }

  /** The socket's token expired: no more account pushes until it re-authenticates. */
  removeUser(ws: ClientSocket): void {
    if (ws.userId !== undefined) remove(this.byUser, ws.userId, ws);
    this.ops.delete(ws);
  }

  /** Forgets the socket everywhere (on close). */
  remove(ws: ClientSocket): void {
    this.removeUser(ws);
    for (const dropId of ws.drops) remove(this.byDrop, dropId, ws);
    ws.drops.clear();
  }

  subscribe(ws: ClientSocket, dropId: number): void {
    ws.drops.add(dropId);
    add(this.byDrop, dropId, ws);
  }

  unsubscribe(ws: ClientSocket, dropId: number): void {
    ws.drops.delete(dropId);
    remove(this.byDrop, dropId, ws);
  }

  userSockets(userId: number): ReadonlySet<ClientSocket> | undefined {
    return this.byUser.get(userId);
  }

  opsSockets(): ReadonlySet<ClientSocket> {
    return this.ops;
  }

  dropSockets(dropId: number): ReadonlySet<ClientSocket> | undefined {
    return this.byDrop.get(dropId);
  }
}

function add(map: Map<number, Set<ClientSocket>>, key: number, ws: ClientSocket) {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(ws);
}

function remove(map: Map<number, Set<ClientSocket>>, key: number, ws: ClientSocket) {
  const set = map.get(key);
  if (!set) return;
  set.delete(ws);
  if (set.size === 0) map.delete(key);
}
