import { dropKeys, globalKeys } from '../redis/keys';
import type { Redis } from '../redis/create-redis';

/**
 * Any process pushes to WebSocket clients by publishing here; every gateway instance subscribes and
 * forwards to its own sockets, so a shopper connected to any gateway gets the message.
 * Messages are small JSON objects with a `type` field (e.g. `drop_started`, `queue_tick`, `order_status`).
 */
export interface PushMessage {
  type: string;
  [field: string]: unknown;
}

export function pushToUser(redis: Redis, userId: number | string, message: PushMessage): Promise<number> {
  return redis.publish(globalKeys.userChannel(userId), JSON.stringify(message));
}

export function pushToDrop(redis: Redis, dropId: number | string, message: PushMessage): Promise<number> {
  return redis.publish(dropKeys(dropId).channel, JSON.stringify({ ...message, dropId: Number(dropId) }));
}
