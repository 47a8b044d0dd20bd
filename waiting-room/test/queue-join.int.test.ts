import { AppError, createLogger, dropKeys, globalKeys, type Redis } from '@livedrop/common';
import {
  createAdmissionController, createAdmissionTokens, createDropsReader, createWaitingRoom, shufflePrequeue,
} from '../src';
import { connectTestServices } from '../../test/support/test-env';
import { clearDropKeys, insertDrop, insertUsers } from './support/queue-fixtures';

const tokens = createAdmissionTokens('test-admission-secret-that-is-at-least-32-chars');

async function rejection(p: Promise<unknown>) {
  try { await p; } catch (err) { if (err instanceof AppError) return { status: err.status, code: err.code }; throw err; }
  throw new Error('expected a rejection');
}

describe('joining the queue', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let redis: Redis;
  const dropIds: number[] = [];

  beforeAll(async () => { services = await connectTestServices(); redis = services.redis; });
  afterAll(async () => { await clearDropKeys(redis, dropIds); await services.close(); });

  const room = () => createWaitingRoom({ redis, tokens, getDrop: createDropsReader(services.knex).byId });
  const controller = (ownerId = 'test-controller') => createAdmissionController({
    redis, knex: services.knex, tokens, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId, tickMs: 1000,
    inflightThreshold: 1000, latencyThresholdMs: 1000,
  });
  const drop = async (f: Parameters<typeof insertDrop>[1] = {}) => {
    const d = await insertDrop(services.knex, f);
    dropIds.push(d.dropId);
    return d;
  };

  it('gives each account exactly one ticket under 200 concurrent joins from 50 users', async () => {
    const { dropId } = await drop();
    await controller().tickDrop((await createDropsReader(services.knex).byId(dropId))!); // opens the (empty) pre-queue
    const users = await insertUsers(services.knex, 50);
    const wr = room();
    const joins = await Promise.all(Array.from({ length: 200 }, (_, i) => users[i % 50]!).map(async (u) => ({ u, v: await wr.join(dropId, u) })));
    const ticketOf = new Map<number, Set<number>>();
    for (const { u, v } of joins) ticketOf.set(u, (ticketOf.get(u) ?? new Set()).add(v.ticket!));
    expect([...ticketOf.values()].every((s) => s.size === 1)).toBe(true); // same ticket on every device/retry
    const tickets = [...ticketOf.values()].map((s) => [...s][0]!).sort((a, b) => a - b);
    expect(tickets).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await redis.get(dropKeys(dropId).queueSeq)).toBe('50');
    const me = await wr.status(dropId, users[0]!);
    expect(me).toMatchObject({ status: 'waiting', position: me.ticket! - me.serving });
  });

  it('shuffles the pre-queue with the revealed seed: anyone can recompute the ticket order', async () => {
    const startsAt = new Date(Date.now() + 3600_000);
    const { dropId, seed } = await drop({ status: 'scheduled', startsAt, endsAt: new Date(startsAt.getTime() + 3600_000) });
    const users = await insertUsers(services.knex, 30);
    const wr = room();
    const early = await Promise.all(users.map((u) => wr.join(dropId, u)));
    expect(early.every((v) => v.status === 'prequeue' && v.ticket === null)).toBe(true);

    // The start: the workflow marks the drop live and reveals the seed; the controller seals the pre-queue.
    await services.knex('drops').where({ id: dropId }).update({ status: 'live', seed, starts_at: new Date() });
    const sub = redis.duplicate();
    await sub.connect();
    const pushed: unknown[] = [];
    await sub.subscribe(globalKeys.userChannel(users[7]!), (m) => pushed.push(JSON.parse(m)));
    await controller().tickDrop((await createDropsReader(services.knex).byId(dropId))!);

    const expected = shufflePrequeue(seed, users);
    const assigned = await Promise.all(users.map(async (u) => [u, (await wr.status(dropId, u)).ticket] as const));
    for (const [u, ticket] of assigned) expect(expected[ticket! - 1]).toBe(u);
    const late = await wr.join(dropId, (await insertUsers(services.knex, 1))[0]!); // after the start: FCFS
    expect(late.ticket).toBe(31);
    await new Promise((r) => setTimeout(r, 50));
    expect(pushed).toContainEqual({ type: 'ticket_assigned', dropId, ticket: expected.indexOf(users[7]!) + 1 });
    await sub.quit();
  });

  it('puts joins that arrive while the pre-queue is being sealed right after it, in arrival order', async () => {
    const { dropId, seed } = await drop();
    const [a, b, c] = await insertUsers(services.knex, 3);
    const wr = room();
    await wr.join(dropId, a!); // live but not yet sealed: still the pre-queue
    const k = dropKeys(dropId);
    await redis.hSet(k.admission, 'phase', 'sealing'); // as close-prequeue leaves it mid-seal
    await wr.join(dropId, c!);
    await wr.join(dropId, b!);
    await controller().tickDrop((await createDropsReader(services.knex).byId(dropId))!);
    expect(shufflePrequeue(seed, [a!])).toEqual([a]);
    expect([(await wr.status(dropId, a!)).ticket, (await wr.status(dropId, c!)).ticket, (await wr.status(dropId, b!)).ticket])
      .toEqual([1, 2, 3]);
  });

  it('refuses joins before the pre-queue opens, after the end and for cancelled drops', async () => {
    const [u] = await insertUsers(services.knex, 1);
    const future = new Date(Date.now() + 3600_000);
    const notOpen = await drop({ status: 'scheduled', prequeueOpensAt: future, startsAt: future, endsAt: new Date(future.getTime() + 1000) });
    const ended = await drop({ status: 'ended' });
    const cancelled = await drop({ status: 'cancelled' });
    const wr = room();
    expect(await rejection(wr.join(notOpen.dropId, u!))).toEqual({ status: 409, code: 'queue_not_open' });
    expect(await rejection(wr.join(ended.dropId, u!))).toEqual({ status: 409, code: 'drop_ended' });
    expect(await rejection(wr.join(cancelled.dropId, u!))).toEqual({ status: 410, code: 'drop_cancelled' });
    expect(await rejection(wr.join(999_999_999, u!))).toEqual({ status: 404, code: 'drop_not_found' });
    expect(await redis.exists(dropKeys(notOpen.dropId).tickets)).toBe(0); // nothing changed
  });
});
