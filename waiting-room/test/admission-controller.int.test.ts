import { createLogger, dropKeys, globalKeys, type Redis, inventoryKeys } from '@livedrop/common';
import {
  createAdmissionController, createAdmissionOps, createAdmissionTokens, createDropsReader, createWaitingRoom,
  type DropTickOutcome, type QueueDrop,
} from '../src';
import { connectTestServices } from '../../test/support/test-env';
import { clearDropKeys, insertDrop, insertUsers } from './support/queue-fixtures';

const tokens = createAdmissionTokens('test-admission-secret-that-is-at-least-32-chars');
type Ticked = Extract<DropTickOutcome, { serving: number }>;

describe('admission controller', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let redis: Redis;
  const dropIds: number[] = [];
  let clock = Date.now();

  beforeAll(async () => { services = await connectTestServices(); redis = services.redis; });
  afterAll(async () => { await clearDropKeys(redis, dropIds); await services.close(); });

  const controller = (ownerId = 'ctl-a', extra: { inflightThreshold?: number } = {}) => createAdmissionController({
    redis, knex: services.knex, tokens, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId, tickMs: 1000,
    inflightThreshold: extra.inflightThreshold ?? 1000, latencyThresholdMs: 1000, now: () => clock,
  });

  /** A live drop with `shoppers` joined in order (tickets 1..n) and `stock` units. */
  async function liveQueue(shoppers: number, stock: number, rate = 5): Promise<{ drop: QueueDrop; users: number[] }> {
    const { dropId } = await insertDrop(services.knex, { rate, checkoutWindowS: 60 });
    dropIds.push(dropId);
    const drop = (await createDropsReader(services.knex).byId(dropId))!;
    await redis.set(inventoryKeys(dropId).stock, String(stock));
    await redis.hSet(dropKeys(dropId).admission, 'rate', '0');
    await controller().tickDrop(drop); // seals the empty pre-queue; rate 0 admits nobody yet
    await redis.hDel(dropKeys(dropId).admission, 'rate');
    const users = await insertUsers(services.knex, shoppers);
    const room = createWaitingRoom({ redis, tokens, getDrop: async () => drop, now: () => clock });
    for (const u of users) await room.join(dropId, u);
    return { drop, users };
  }
  const tick = async (drop: QueueDrop, ownerId = 'ctl-a') => (await controller(ownerId).tickDrop(drop)) as Ticked;

  async function listen(channel: string) {
    const sub = redis.duplicate();
    await sub.connect();
    const messages: Record<string, unknown>[] = [];
    await sub.subscribe(channel, (m) => messages.push(JSON.parse(m)));
    return { messages, close: () => sub.quit(), settle: () => new Promise((r) => setTimeout(r, 50)) };
  }

  it('with a spread, tells a tick\'s admitted shoppers in slices: the head of the line before the tick push, everyone once', async () => {
    const { drop, users } = await liveQueue(12, 100, 12);
    const sub = redis.duplicate();
    await sub.connect();
    const heard: string[] = []; // 'u<id>' for an admitted push, 'tick' for the drop's queue_tick, in arrival order
    const ours = new Set(users.map(String));
    await sub.pSubscribe(globalKeys.userChannelPattern, (m, channel) => {
      const id = channel.slice(channel.lastIndexOf(':') + 1);
      if (ours.has(id) && (JSON.parse(m) as { type: string }).type === 'admitted') heard.push(`u${id}`);
    });
    await sub.subscribe(dropKeys(drop.id).channel, (m) => { if ((JSON.parse(m) as { type: string }).type === 'queue_tick') heard.push('tick'); });
    try {
      const paced = createAdmissionController({
        redis, knex: services.knex, tokens, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId: 'ctl-a', tickMs: 1000,
        inflightThreshold: 1000, latencyThresholdMs: 1000, now: () => clock, spreadMs: 200,
      });
      const t = (await paced.tickDrop(drop)) as Ticked;
      expect(t.admitted).toHaveLength(12);
      await new Promise((r) => setTimeout(r, 50));
      // 200 ms in ~50 ms slices: 4 slices of 3. The first goes out with the tick, the others after it.
      expect(heard.indexOf('tick')).toBe(3);
      const told = heard.filter((h) => h !== 'tick');
      expect(told.sort()).toEqual(users.map((u) => `u${u}`).sort());
    } finally {
      await sub.quit();
    }
  });

  it('admits rate × tick, hands out verifiable tokens, and stays within unclaimed stock', async () => {
    const { drop, users } = await liveQueue(20, 7);
    const first = await tick(drop);
    expect(first.admitted.map((a) => a.ticket)).toEqual([1, 2, 3, 4, 5]);
    const room = createWaitingRoom({ redis, tokens, getDrop: async () => drop, now: () => clock });
    const me = await room.status(drop.id, users[0]!);
    expect(me.status).toBe('admitted');
    await expect(tokens.verify(me.admissionToken!, { userId: users[0]!, dropId: drop.id })).resolves.toMatchObject({ ticket: 1 });
    const second = await tick(drop);
    expect(second.admitted.map((a) => a.ticket)).toEqual([6, 7]); // 7 units, 5 already admitted: only 2 more
    expect(second).toMatchObject({ serving: 7, admittedNow: 7, queueLength: 13 });
  });

  it('applies pause, resume and a rate change at the next tick, audited', async () => {
    const { drop } = await liveQueue(30, 100);
    const [opsUser] = await insertUsers(services.knex, 1, 'ops');
    const ops = createAdmissionOps({ redis, knex: services.knex });
    await ops.pause(drop.id, opsUser!);
    expect((await tick(drop)).admitted).toHaveLength(0);
    await ops.resume(drop.id, opsUser!);
    expect((await tick(drop)).admitted).toHaveLength(5);
    await ops.setRate(drop.id, opsUser!, 2);
    const t = await tick(drop);
    expect(t.admitted.map((a) => a.ticket)).toEqual([6, 7]);
    await ops.drain(drop.id, opsUser!);
    expect((await tick(drop)).admitted).toHaveLength(0);
    const audit = await services.knex('admission_audit').where({ drop_id: drop.id }).orderBy('id');
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['pause', 'resume', 'set_rate', 'drain']);
    const rateRow = audit[2] as { actor_user_id: number; old_value: unknown; new_value: unknown };
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
    expect(Number(rateRow.actor_user_id)).toBe(opsUser);
    expect([parse(rateRow.old_value), parse(rateRow.new_value)]).toEqual([{ rate: '5' }, { rate: '2' }]);
    const stats = (await ops.liveDrops()).find((d) => d.dropId === drop.id)!;
    expect(stats).toMatchObject({ serving: 7, rate: 2, draining: true, admittedNow: 7, queueLength: 23 });
  });

  it('follows the order pipeline: above its backlog target admission runs at 0.9 × its confirm rate, and ops see why', async () => {
    const { drop } = await liveQueue(200, 1000, 100);
    const k = dropKeys(drop.id);
    const second = Math.floor(clock / 1000);
    // 20 confirmations a second over the last 5 s; 5,000 orders in flight (target 100).
    await redis.hSet(k.ordersConfirmed, Object.fromEntries([1, 2, 3, 4, 5].map((i) => [String(second - i), '20'])));
    await redis.set(k.ordersInflight, '5000');
    const busy = (await controller('ctl-a', { inflightThreshold: 100 }).tickDrop(drop)) as Ticked;
    expect(busy).toMatchObject({ backoff: true, boundBy: 'pipeline', confirmRate: 20, effectiveRate: 18, inflight: 5000 });
    expect(busy.admitted).toHaveLength(18);
    const stats = (await createAdmissionOps({ redis, knex: services.knex }).liveDrops()).find((d) => d.dropId === drop.id)!;
    expect(stats).toMatchObject({ rate: 100, effectiveRate: 18, boundBy: 'pipeline', confirmRate: 20, ordersInflight: 5000 });

    // The backlog cleared and the pipeline confirms 200/s: room for the ops rate again.
    await redis.hSet(k.ordersConfirmed, Object.fromEntries([1, 2, 3, 4, 5].map((i) => [String(second - i), '200'])));
    await redis.set(k.ordersInflight, '10');
    const healthy = (await controller('ctl-a', { inflightThreshold: 100 }).tickDrop(drop)) as Ticked;
    expect(healthy).toMatchObject({ backoff: false, boundBy: 'rate', effectiveRate: 100 });
    expect(healthy.admitted).toHaveLength(100);
  });

  it('stops at sold out, tells the whole drop once, and resumes when stock comes back', async () => {
    const { drop } = await liveQueue(10, 3);
    const channel = await listen(dropKeys(drop.id).channel);
    expect((await tick(drop)).admitted).toHaveLength(3);
    await redis.set(inventoryKeys(drop.id).stock, '0'); // the three bought everything
    const soldOut = await tick(drop);
    expect(soldOut).toMatchObject({ soldOut: true, soldOutChange: 1 });
    expect(soldOut.admitted).toHaveLength(0);
    expect((await tick(drop)).soldOutChange).toBe(0);
    await redis.set(inventoryKeys(drop.id).stock, '1'); // a reservation was released
    await redis.del(dropKeys(drop.id).admitted); // and its shopper is gone
    const back = await tick(drop);
    expect(back).toMatchObject({ soldOut: false, soldOutChange: -1 });
    expect(back.admitted.map((a) => a.ticket)).toEqual([4]);
    await channel.settle();
    const types = channel.messages.map((m) => `${m.type}:${m.soldOut ?? ''}`);
    expect(types.filter((t) => t.startsWith('sold_out'))).toHaveLength(1);
    expect(types).toEqual(['queue_tick:false', 'sold_out:', 'queue_tick:true', 'queue_tick:true', 'queue_tick:false']);
    expect(channel.messages[0]).toMatchObject({ type: 'queue_tick', dropId: drop.id, serving: 3, rate: 5, stockLeft: 3, paused: false, queueLength: 7 });
    await channel.close();
  });

  it('gives a no-show’s place to the next shopper once the checkout window passes', async () => {
    const { drop, users } = await liveQueue(3, 1);
    expect((await tick(drop)).admitted.map((a) => a.ticket)).toEqual([1]);
    expect((await tick(drop)).admitted).toHaveLength(0); // the only unit is claimed by shopper 1
    clock += 61_000; // shopper 1 never checks out
    const next = await tick(drop);
    // One admission, one no-show: the measured conversion (0.5, smoothed) lets two shoppers try for the unit.
    expect(next).toMatchObject({ noShowsExpired: 1, serving: 3, boundBy: 'stock', conversion: 0.5 });
    expect(next.admitted).toEqual([{ userId: users[1], ticket: 2 }, { userId: users[2], ticket: 3 }]);
    const room = createWaitingRoom({ redis, tokens, getDrop: async () => drop, now: () => clock });
    expect((await room.status(drop.id, users[0]!)).status).toBe('expired');
    expect((await room.status(drop.id, users[0]!)).admissionToken).toBeUndefined();
  });

  it('never double-admits with two controllers ticking the same drop concurrently', async () => {
    const { drop } = await liveQueue(60, 1000, 3);
    const outcomes: DropTickOutcome[] = [];
    for (let round = 0; round < 8; round++) {
      if (round % 2 === 1) await redis.del(dropKeys(drop.id).controllerLock); // hand-over: lease lapsed
      outcomes.push(...await Promise.all([controller('ctl-a').tickDrop(drop), controller('ctl-b').tickDrop(drop)]));
    }
    const ticked = outcomes.filter((o): o is Ticked => 'serving' in o);
    expect(ticked).toHaveLength(8); // exactly one controller admitted per round
    const admittedTickets = ticked.flatMap((t) => t.admitted.map((a) => a.ticket));
    expect(new Set(admittedTickets).size).toBe(admittedTickets.length);
    const serving = Number(await redis.get(dropKeys(drop.id).serving));
    expect(admittedTickets.sort((a, b) => a - b)).toEqual(Array.from({ length: serving }, (_, i) => i + 1));
    expect(await redis.zCard(dropKeys(drop.id).admitted)).toBe(serving);
    expect(await redis.hLen(dropKeys(drop.id).admissionTokens)).toBe(serving);
  });
});
