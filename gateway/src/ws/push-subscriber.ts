import { decodeUserBatch, globalKeys, redisDatabase, type Logger, type Redis } from '@livedrop/common';

export interface PushTargets {
  toUser(userId: number, text: string): void;
  /** One message for many users (a fan-out page): the text is encoded once for all their sockets. */
  toUsers(userIds: number[], text: string): void;
  toDrop(dropId: number, text: string): void;
  toEveryone(text: string): void;
  /** Ops console metrics: only sockets of ops users. */
  toOps(text: string): void;
}

const USER_ID = /^ws:user:(\d+)$/;
const DROP_ID = /^\{drop:(\d+)\}:events$/;

/**
 * One Redis subscriber connection per gateway process (a duplicate of the main client: a subscribed
 * connection can do nothing else). Pattern subscriptions mean no SUBSCRIBE/UNSUBSCRIBE churn as
 * sockets come and go; messages for users or drops with no socket here are simply dropped.
 */
export async function startPushSubscriber(redis: Redis, targets: PushTargets, logger: Logger) {
  const sub = redis.duplicate();
  sub.on('error', (err: Error) => logger.warn({ err: err.message }, 'push subscriber error'));
  await sub.connect();
  await sub.pSubscribe([globalKeys.userChannelPattern, globalKeys.dropChannelPattern], (message, channel) => {
    const user = USER_ID.exec(channel);
    if (user) return targets.toUser(Number(user[1]), message);
    const drop = DROP_ID.exec(channel);
    if (drop) targets.toDrop(Number(drop[1]), message);
  });
  await sub.subscribe(globalKeys.wsBroadcast, (message) => targets.toEveryone(message));
  await sub.subscribe(globalKeys.opsChannel(redisDatabase(redis)), (message) => targets.toOps(message));
  await sub.subscribe(globalKeys.userBatchChannel, (frame) => {
    const batch = decodeUserBatch(frame);
    if (batch) targets.toUsers(batch.userIds, batch.text);
    else logger.warn({ length: frame.length }, 'malformed user batch push dropped');
  });
  return { close: async () => { if (sub.isOpen) await sub.quit(); } };
}
