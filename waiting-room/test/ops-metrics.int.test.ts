import { randomUUID } from 'node:crypto';
import { createLogger, dropKeys, globalKeys, redisDatabase, type Redis, inventoryKeys } from '@livedrop/common';
import {
  createAdmissionController, createAdmissionTokens, createDropsReader, createOpsMetricsPublisher, createWaitingRoom,
  readOpsSnapshot, readSeries, SERIES_WINDOW_MS, withOpsMetrics, type OpsMetricsMessage,
} from '../src';
import { appendSeriesSample } from '../src/ops/ops-series';
import { connectTestServices } from '../../test/support/test-env';
import { clearDropKeys, insertDrop, insertUsers } from './support/queue-fixtures';

const tokens = createAdmissionTokens('test-admission-secret-that-is-at-least-32-chars');

describe('ops metrics publisher', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let redis: Redis;
  const dropIds: number[] = [];
  let clock = Date.now();
  const ownerId = `ops-metrics-${randomUUID()}`;

  beforeAll(async () => { services = await connectTestServices(); redis = services.redis; });
  afterAll(async () => { await clearDropKeys(redis, dropIds); await services.close(); });

  const controller = () => createAdmissionController({
    redis, knex: services.knex, tokens, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId,
    tickMs: 1000, inflightThreshold: 1000, latencyThresholdMs: 1000, now: () => clock,
  });

  async function listenOps() {
    const sub = redis.duplicate();
    await sub.connect();
    const messages: OpsMetricsMessage[] = [];
    await sub.subscribe(globalKeys.opsChannel(redisDatabase(redis)), (m) => messages.push(JSON.parse(m) as OpsMetricsMessage));
    return { messages, close: () => sub.quit() };
  }

  async function confirmOrders(dropId: number, userIds: number[]) {
    await services.knex('orders').insert(userIds.map((userId) => ({
      id: randomUUID(), user_id: userId, drop_id: dropId, idempotency_key: randomUUID(), quantity: 1, amount_minor: 1000,
      currency: 'EUR', status: 'confirmed', workflow_id: `order-test-${randomUUID()}`,
    })));
  }

  it('publishes every scheduled and live drop with rates, what bounds it, and a 15-minute series', async () => {
    const { dropId } = await insertDrop(services.knex, { rate: 5, checkoutWindowS: 60 });
    const scheduled = await insertDrop(services.knex, {
      status: 'scheduled', startsAt: new Date(Date.now() + 3600_000), endsAt: new Date(Date.now() + 7200_000),
    });
    dropIds.push(dropId, scheduled.dropId);
    const users = await insertUsers(services.knex, 8);
    await redis.sAdd(dropKeys(scheduled.dropId).prequeue, users.slice(0, 3).map(String));
    await redis.set(inventoryKeys(dropId).stock, '20');
    await redis.set(dropKeys(dropId).ordersInflight, '4');
    const drop = (await createDropsReader(services.knex).byId(dropId))!;
    const publisher = createOpsMetricsPublisher({ redis, knex: services.knex, now: () => clock });
    const ctl = withOpsMetrics(controller(), publisher, createLogger({ LOG_LEVEL: 'silent' }, 'test'));
    const ops = await listenOps();
    try {
      const first = await controller().tickDrop(drop); // seals the empty pre-queue
      await publisher.publish([first]);
      const room = createWaitingRoom({ redis, tokens, getDrop: async () => drop, now: () => clock });
      for (const u of users) await room.join(dropId, u);

      clock += 1000;
      const outcomes = await ctl.runOnce(); // ticks every live drop in the test database, then publishes
      expect(outcomes.find((o) => o.dropId === dropId)).toMatchObject({ serving: 5 });
      await confirmOrders(dropId, users.slice(0, 2));
      clock += 2000;
      const last = await controller().tickDrop(drop); // the 3 still waiting
      const message = await publisher.publish([last]);

      const live = message.drops.find((d) => d.dropId === dropId);
      expect(live).toMatchObject({
        status: 'live', title: 'Test sneaker', queueOpen: true, serving: 8, queueLength: 0, rate: 5, effectiveRate: 5,
        boundBy: 'queue', admittedNow: 8, admittedTotal: 8, stockLeft: 20, totalStock: 100,
        admissionsPerS: 2.67, confirmedPerS: 0.67, ordersConfirmed: 2, ordersInflight: 4, paused: false,
      });
      expect(message.drops.find((d) => d.dropId === scheduled.dropId)).toMatchObject({
        status: 'scheduled', queueOpen: false, queueLength: 3, boundBy: 'not_started', stockLeft: null,
      });

      const series = await readSeries(redis, dropId, clock);
      expect(series.map((s) => s.t)).toEqual([clock - 3000, clock - 2000, clock]);
      // Averaged over the last 5 s: 0 → 5 → 8 admitted at t-3 s, t-2 s, t.
      expect(series.map((s) => s.admissionsPerS)).toEqual([0, 5, 2.67]);
      expect(series.at(-1)).toMatchObject({ queueLength: 0, confirmedPerS: 0.67, admittedTotal: 8, confirmedTotal: 2 });
      expect(await readSeries(redis, scheduled.dropId, clock)).toEqual([]); // nothing ticked it

      expect((await readOpsSnapshot(redis))?.ts).toBe(clock);
      await new Promise((r) => setTimeout(r, 50)); // pub/sub delivery to the listening connection
      expect(ops.messages.at(-1)).toMatchObject({ type: 'ops_metrics', ts: clock });
      expect(ops.messages.at(-1)!.drops.some((d) => d.dropId === dropId)).toBe(true);
    } finally {
      await ops.close();
    }
  });

  it('resumes its rates from the stored series after a restart instead of dipping to zero', async () => {
    const { dropId } = await insertDrop(services.knex, { rate: 5 });
    dropIds.push(dropId);
    await redis.hSet(dropKeys(dropId).admission, { phase: 'open', admittedTotal: '30' });
    await appendSeriesSample(redis, dropId, {
      t: clock - 1000, queueLength: 0, admissionsPerS: 0, confirmedPerS: 0, admittedTotal: 20, confirmedTotal: 0,
    });
    const fresh = createOpsMetricsPublisher({ redis, knex: services.knex, now: () => clock });
    const message = await fresh.publish([{ dropId, ...fakeTick() }]);
    expect(message.drops.find((d) => d.dropId === dropId)).toMatchObject({ admissionsPerS: 10, admittedTotal: 30 });
  });

  it('keeps only the last 15 minutes of samples', async () => {
    const { dropId } = await insertDrop(services.knex, { rate: 5 });
    dropIds.push(dropId);
    const sample = (t: number) => ({ t, queueLength: 1, admissionsPerS: 0, confirmedPerS: 0, admittedTotal: 0, confirmedTotal: 0 });
    await appendSeriesSample(redis, dropId, sample(clock - SERIES_WINDOW_MS - 5000));
    await appendSeriesSample(redis, dropId, sample(clock - 60_000));
    await appendSeriesSample(redis, dropId, sample(clock));
    expect(await redis.zCard(dropKeys(dropId).opsSeries)).toBe(2);
    expect((await readSeries(redis, dropId, clock, 30_000)).map((s) => s.t)).toEqual([clock]);
    expect(await redis.pTTL(dropKeys(dropId).opsSeries)).toBeGreaterThan(0);
  });
});

function fakeTick() {
  return {
    serving: 0, effectiveRate: 5, rate: 5, stockLeft: 0, soldOut: false, paused: false, draining: false, queueLength: 0,
    admittedNow: 0, noShowsExpired: 0, soldOutChange: 0 as const, backoff: false, admitted: [],
    boundBy: 'queue' as const, conversion: 1, confirmRate: 0, inflight: null, maxOutstanding: null,
  };
}
