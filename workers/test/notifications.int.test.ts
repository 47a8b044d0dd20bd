import { Queue } from 'bullmq';
import { bullConnection, decodeUserBatch, dropKeys, globalKeys, QUEUES, type Redis, inventoryKeys } from '@livedrop/common';
import { createDropStartedFanout, dropStartedDedupeKey } from '../src/jobs/notifications/drop-started-fanout';
import { createDropStartedTrigger } from '../src/jobs/notifications/drop-started-trigger';
import { checkStockLow } from '../src/jobs/notifications/stock-low';
import { obliterateQueues } from '../../test/support/bull-cleanup';
import { insertDrop, insertFollowers, insertProduct, insertUser } from '../../test/support/catalog-fixtures';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';

/** Collects every message published on the given channels. */
async function listen(redis: Redis, channels: string[]) {
  const sub = redis.duplicate();
  await sub.connect();
  const received: { channel: string; message: Record<string, unknown> }[] = [];
  await sub.subscribe(channels, (message, channel) => received.push({ channel, message: JSON.parse(message) }));
  return { received, close: () => sub.quit() };
}

/** Collects, per user, what fan-outs publish as batches (`pushToUsers`) to any of these users. */
async function listenBatches(redis: Redis, userIds: number[]) {
  const sub = redis.duplicate();
  await sub.connect();
  const wanted = new Set(userIds);
  const received: { channel: string; message: Record<string, unknown> }[] = [];
  await sub.subscribe(globalKeys.userBatchChannel, (frame) => {
    const batch = decodeUserBatch(frame)!;
    for (const id of batch.userIds) if (wanted.has(id)) received.push({ channel: globalKeys.userChannel(id), message: JSON.parse(batch.text) });
  });
  return { received, close: () => sub.quit() };
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('notifications', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  let queue: Queue;
  const prefix = `test-${uniqueSuffix()}`;

  beforeAll(async () => {
    s = await connectTestServices();
    queue = new Queue(QUEUES.notifications, { connection: bullConnection(s.config.REDIS_URL), prefix });
  });
  afterAll(async () => {
    await queue.close();
    await obliterateQueues(s.config.REDIS_URL, prefix);
    await s.close();
  });

  it('fans drop_started out page by page, once per (drop, follower) even when the trigger and every page run twice', async () => {
    const creatorId = await insertUser(s.knex, 'creator');
    const productId = await insertProduct(s.knex, creatorId);
    const drop = await insertDrop(s.knex, { creatorId, productId, status: 'live', startsInMs: -1000 });
    const followers = await insertFollowers(s.knex, creatorId, 5);
    const bystander = await insertUser(s.knex, 'shopper');
    const inbox = await listenBatches(s.redis, [...followers, bystander]);
    const trigger = createDropStartedTrigger({ knex: s.knex, notifications: queue, batchSize: 2 });
    const fanout = createDropStartedFanout({ knex: s.knex, redis: s.redis });
    const event = { id: 1, type: 'drop.live' as const, aggregateType: 'drop', aggregateId: String(drop.id), payload: { dropId: drop.id, creatorId, productId, from: 'scheduled' as const, to: 'live' as const, startsAt: new Date().toISOString(), endsAt: new Date().toISOString() }, occurredAt: new Date().toISOString() };

    await trigger(event);
    await trigger(event); // at-least-once: the same pages, the same job ids
    const pages = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.dropId === drop.id);
    // 5 followers in pages of 2: (0, f2], (f2, f4], (f4, ∞)
    expect(pages.map((j) => j.data).sort((a, b) => a.afterFollowerId - b.afterFollowerId)).toEqual([
      { dropId: drop.id, afterFollowerId: 0, upToFollowerId: followers[1] },
      { dropId: drop.id, afterFollowerId: followers[1], upToFollowerId: followers[3] },
      { dropId: drop.id, afterFollowerId: followers[3], upToFollowerId: null },
    ]);
    for (let pass = 0; pass < 2; pass++) for (const page of pages) await fanout(page.data);
    await settle();

    const rows = await s.knex('notifications').where({ dedupe_key: dropStartedDedupeKey(drop.id) }).orderBy('user_id');
    expect(rows.map((r) => Number(r.user_id))).toEqual(followers);
    expect(inbox.received.map((m) => m.channel).sort()).toEqual(followers.map((id) => globalKeys.userChannel(id)).sort());
    expect(inbox.received[0]!.message).toMatchObject({ type: 'drop_started', dropId: drop.id, creatorId, productId });
    await inbox.close();
  });

  it('does not alert anyone about a drop that was cancelled before the job ran', async () => {
    const creatorId = await insertUser(s.knex, 'creator');
    const drop = await insertDrop(s.knex, { creatorId, productId: await insertProduct(s.knex, creatorId), status: 'cancelled' });
    await insertFollowers(s.knex, creatorId, 2);
    const fanout = createDropStartedFanout({ knex: s.knex, redis: s.redis });
    expect(await fanout({ dropId: drop.id, afterFollowerId: 0, upToFollowerId: null })).toEqual({ followers: 0, pushed: 0 });
    expect(await s.knex('notifications').where({ dedupe_key: dropStartedDedupeKey(drop.id) })).toHaveLength(0);
  });

  it('pushes stock_low to the drop channel once, only at or below the threshold', async () => {
    const dropId = 900_000_000 + Math.floor(Math.random() * 1e8);
    const keys = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
    const channel = await listen(s.redis, [keys.channel]);
    try {
      await s.redis.set(keys.stock, '25');
      expect(await checkStockLow(s.redis, dropId, 10)).toBe(false);
      await s.redis.set(keys.stock, '9');
      expect(await checkStockLow(s.redis, dropId, 10)).toBe(true);
      await s.redis.set(keys.stock, '3');
      expect(await checkStockLow(s.redis, dropId, 10)).toBe(false);
      await settle();
      expect(channel.received.map((m) => m.message)).toEqual([{ type: 'stock_low', stockLeft: 9, threshold: 10, dropId }]);
    } finally {
      await channel.close();
      await s.redis.del([keys.stock, keys.stockLowSent]);
    }
  });
});
