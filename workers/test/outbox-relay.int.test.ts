import { Queue } from 'bullmq';
import { bullConnection, QUEUES, recordEvent } from '@livedrop/common';
import { createOutboxRelay, eventJobId } from '../src/jobs/outbox-relay';
import { obliterateQueues } from '../../test/support/bull-cleanup';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';

describe('outbox relay', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  let queue: Queue;
  const prefix = `test-${uniqueSuffix()}`;
  const aggregateId = `relay-${uniqueSuffix()}`;
  // Only this file's rows: other test files relay from the same database.
  const filter = (q: import('knex').Knex.QueryBuilder) => q.where({ aggregate_type: 'test', aggregate_id: aggregateId });

  beforeAll(async () => {
    s = await connectTestServices();
    queue = new Queue(QUEUES.events, { connection: bullConnection(s.config.REDIS_URL), prefix });
  });
  afterAll(async () => {
    await queue.close();
    await obliterateQueues(s.config.REDIS_URL, prefix);
    await s.close();
  });

  it('turns outbox rows into `events` jobs named by type, with jobId evt-<id>, and marks them published', async () => {
    const relay = createOutboxRelay({ knex: s.knex, queue, logger: s.logger, filter });
    const id = await recordEvent(s.knex, { type: 'product.updated', aggregateType: 'test', aggregateId, payload: { productId: 7, creatorId: 1, fields: ['title'] } });
    expect(await relay.relayOnce()).toBe(1);
    const job = await queue.getJob(eventJobId(id));
    expect(job?.name).toBe('product.updated');
    expect(job?.data).toMatchObject({ id, type: 'product.updated', aggregateType: 'test', aggregateId, payload: { productId: 7 } });
    expect((await s.knex('outbox_events').where({ id }).first()).published_at).not.toBeNull();
    expect(await relay.relayOnce()).toBe(0);
  });

  it('relaying the same row twice (lost UPDATE) still leaves exactly one job', async () => {
    const relay = createOutboxRelay({ knex: s.knex, queue, logger: s.logger, filter });
    const id = await recordEvent(s.knex, { type: 'drop.updated', aggregateType: 'test', aggregateId, payload: { dropId: 9, creatorId: 1, version: 2, changes: {}, rescheduled: false } });
    expect(await relay.relayOnce()).toBe(1);
    await s.knex('outbox_events').where({ id }).update({ published_at: null }); // as if the commit was lost
    expect(await relay.relayOnce()).toBe(1);
    const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'delayed', 'prioritized']);
    expect(jobs.filter((j) => j.data.id === id)).toHaveLength(1);
  });

  it('a relay in the middle of its batch never makes a transaction recording an event wait', async () => {
    await recordEvent(s.knex, { type: 'follow.created', aggregateType: 'test', aggregateId, payload: { followerId: 1, creatorId: 1 } });
    let release!: () => void;
    let taken!: () => void;
    const inBatch = new Promise<void>((resolve) => { taken = resolve; });
    // The relay holds its transaction open while BullMQ takes the batch: here, until released.
    const slowQueue = { addBulk: async () => { taken(); await new Promise<void>((resolve) => { release = resolve; }); return []; } } as unknown as Queue;
    const relay = createOutboxRelay({ knex: s.knex, queue: slowQueue, logger: s.logger, filter });
    const relaying = relay.relayOnce();
    await inBatch;
    try {
      const id = await s.knex.transaction(async (trx) => {
        await trx.raw('SET SESSION innodb_lock_wait_timeout = 1'); // a wait here is the defect: fail fast
        return recordEvent(trx, { type: 'follow.created', aggregateType: 'test', aggregateId, payload: { followerId: 2, creatorId: 1 } });
      });
      expect(id).toBeGreaterThan(0);
    } finally {
      release();
      await relaying;
    }
    expect(await createOutboxRelay({ knex: s.knex, queue, logger: s.logger, filter }).relayOnce()).toBe(1);
  });

  it('two relays running at once never take the same rows', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await recordEvent(s.knex, { type: 'follow.created', aggregateType: 'test', aggregateId, payload: { followerId: i, creatorId: 1 } }));
    const a = createOutboxRelay({ knex: s.knex, queue, logger: s.logger, filter, batchSize: 10 });
    const b = createOutboxRelay({ knex: s.knex, queue, logger: s.logger, filter, batchSize: 10 });
    let total = 0;
    for (let round = 0; round < 10; round++) total += (await Promise.all([a.relayOnce(), b.relayOnce()])).reduce((x, y) => x + y, 0);
    expect(total).toBe(40);
    const unpublished = await s.knex('outbox_events').whereIn('id', ids).whereNull('published_at').count({ n: '*' });
    expect(Number(unpublished[0]!.n)).toBe(0);
  });
});
