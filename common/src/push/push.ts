import { dropKeys, globalKeys } from '../redis/keys';
import { redisDatabase, type Redis } from '../redis/create-redis';

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

/** To every connected ops console (the gateway forwards `globalKeys.opsChannel` only to sockets of ops users). */
export function pushToOps(redis: Redis, message: PushMessage): Promise<number> {
  return redis.publish(globalKeys.opsChannel(redisDatabase(redis)), JSON.stringify(message));
}

/**
 * The same message to many users in ONE publish on `globalKeys.userBatchChannel`, framed as
 * `<id>,<id>,…\n<message JSON>` so a gateway finds the ids and forwards the JSON text untouched. A fan-out
 * to a page of followers costs one Redis message (and one parse per gateway) instead of one per follower.
 */
export function pushToUsers(redis: Redis, userIds: readonly (number | string)[], message: PushMessage): Promise<number> {
  if (userIds.length === 0) return Promise.resolve(0);
  return redis.publish(globalKeys.userBatchChannel, encodeUserBatch(userIds, JSON.stringify(message)));
}

export const encodeUserBatch = (userIds: readonly (number | string)[], text: string) => `${userIds.join(',')}\n${text}`;

/** The inverse of encodeUserBatch; undefined for a malformed frame. */
export function decodeUserBatch(frame: string): { userIds: number[]; text: string } | undefined {
  const cut = frame.indexOf('\n');
  if (cut <= 0) return undefined;
  const userIds = frame.slice(0, cut).split(',').map(Number);
  if (!userIds.every((id) => Number.isSafeInteger(id) && id > 0)) return undefined;
  return { userIds, text: frame.slice(cut + 1) };
}
