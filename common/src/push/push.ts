import { dropKeys, globalKeys } from '../redis/keys';
import { redisDatabase, type Redis } from '../redis/create-redis';
import type { DropPushMessage, OpsPushMessage, UserPushMessage } from '../domain/push-messages';

/*
 * Any process pushes to WebSocket clients by publishing here; every gateway instance subscribes and
 * forwards to its own sockets, so a shopper connected to any gateway gets the message.
 * The messages and their fields: common/src/domain/push-messages.ts.
 */

/** A drop-channel message as its producer writes it: pushToDrop adds the drop id. */
type WithoutDropId<M> = M extends unknown ? Omit<M, 'dropId'> : never;

export function pushToUser(redis: Redis, userId: number | string, message: UserPushMessage): Promise<number> {
  return redis.publish(globalKeys.userChannel(userId), JSON.stringify(message));
}

export function pushToDrop(redis: Redis, dropId: number | string, message: WithoutDropId<DropPushMessage>): Promise<number> {
  return redis.publish(dropKeys(dropId).channel, JSON.stringify({ ...message, dropId: Number(dropId) }));
}

/** To every connected ops console (the gateway forwards `globalKeys.opsChannel` only to sockets of ops users). */
export function pushToOps(redis: Redis, message: OpsPushMessage): Promise<number> {
  return redis.publish(globalKeys.opsChannel(redisDatabase(redis)), JSON.stringify(message));
}

/**
 * The same message to many users in ONE publish on `globalKeys.userBatchChannel`, framed as
 * `<id>,<id>,…\n<message JSON>` so a gateway finds the ids and forwards the JSON text untouched. A fan-out
 * to a page of followers costs one Redis message (and one parse per gateway) instead of one per follower.
 */
export function pushToUsers(redis: Redis, userIds: readonly (number | string)[], message: UserPushMessage): Promise<number> {
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
