import { createLogger, dropKeys, type Redis, inventoryKeys } from '@livedrop/common';
import {
  burnAdmissionToken, createAdmissionController, createAdmissionTokens, createDropsReader, createWaitingRoom,
  type DropTickOutcome, type QueueDrop,
} from '../src';
import { connectTestServices } from '../../test/support/test-env';
import { clearDropKeys, insertDrop, insertUsers } from './support/queue-fixtures';

const tokens = createAdmissionTokens('test-admission-secret-that-is-at-least-32-chars');
type Ticked = Extract<DropTickOutcome, { serving: number }>;

// Issue 13 item 8: an admitted shopper who does not buy must not hold the line for a whole checkout window.
describe('admitted shoppers who do not buy do not hold the line', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  let redis: Redis;
  const dropIds: number[] = [];
  let clock = Date.now();

  beforeAll(async () => { services = await connectTestServices(); redis = services.redis; });
  afterAll(async () => { await clearDropKeys(redis, dropIds); await services.close(); });

  const controller = () => createAdmissionController({
    redis, knex: services.knex, tokens, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId: 'ctl-leave',
    tickMs: 1000, inflightThreshold: 1000, latencyThresholdMs: 1000, decideS: 10, conversionFloor: 0.25, now: () => clock,
  });
  const tick = async (drop: QueueDrop) => (await controller().tickDrop(drop)) as Ticked;
  const roomFor = (drop: QueueDrop) => createWaitingRoom({ redis, tokens, getDrop: async () => drop, now: () => clock });

  /** A live drop (checkout window 60 s) with `shoppers` joined in order and `stock` units. */
  async function liveQueue(shoppers: number, stock: number, rate = 5) {
    const { dropId } = await insertDrop(services.knex, { rate, checkoutWindowS: 60 });
    dropIds.push(dropId);
    const drop = (await createDropsReader(services.knex).byId(dropId))!;
    await redis.set(inventoryKeys(dropId).stock, String(stock));
    await redis.hSet(dropKeys(dropId).admission, 'rate', '0');
    await tick(drop); // seals the empty pre-queue; rate 0 admits nobody yet
    await redis.hDel(dropKeys(dropId).admission, 'rate');
    const users = await insertUsers(services.knex, shoppers);
    for (const u of users) await roomFor(drop).join(dropId, u);
    return { drop, users };
  }

  /** What the order endpoint does for an admitted shopper: spend the token, then the reserve takes the units. */
  async function buy(drop: QueueDrop, userId: number, units: number) {
    const me = await roomFor(drop).status(drop.id, userId);
    const claims = await tokens.verify(me.admissionToken!, { userId, dropId: drop.id });
    await burnAdmissionToken(redis, claims, `order-${drop.id}-${userId}`, units, clock);
    await redis.decrBy(inventoryKeys(drop.id).stock, units);
  }

  it('a shopper who leaves gives the admission back at once: the next tick admits the next shopper', async () => {
    const { drop, users } = await liveQueue(3, 1);
    const room = roomFor(drop);
    expect((await tick(drop)).admitted.map((a) => a.ticket)).toEqual([1]);
    expect((await tick(drop)).admitted).toHaveLength(0); // the one unit is claimed by shopper 1
    const oldToken = (await room.status(drop.id, users[0]!)).admissionToken!;

    expect(await room.leave(drop.id, users[0]!)).toEqual({ dropId: drop.id, status: 'left', ticket: 1, admissionReleased: true });
    const next = await tick(drop); // same instant: no checkout window had to pass
    // The next shopper, and (one admission of one did not buy: conversion 0.5) one more for the same unit.
    expect(next.admitted).toEqual([{ userId: users[1], ticket: 2 }, { userId: users[2], ticket: 3 }]);

    // Idempotent, and the old token can no longer buy.
    expect(await room.leave(drop.id, users[0]!)).toEqual({ dropId: drop.id, status: 'left', ticket: 1, admissionReleased: false });
    const claims = await tokens.verify(oldToken, { userId: users[0]!, dropId: drop.id });
    await expect(burnAdmissionToken(redis, claims, 'order-after-leave')).rejects.toMatchObject({ status: 409, code: 'admission_left' });
    await expect(room.status(drop.id, users[0]!)).rejects.toMatchObject({ status: 404, code: 'not_in_queue' });
  });

  it('a waiting shopper who leaves is skipped; one who never joined gets 404; joining again takes a place at the back', async () => {
    const { drop, users } = await liveQueue(4, 10, 2);
    const room = roomFor(drop);
    expect(await room.leave(drop.id, users[0]!)).toMatchObject({ ticket: 1, admissionReleased: false });
    const first = await tick(drop);
    expect(first.admitted).toEqual([{ userId: users[1], ticket: 2 }, { userId: users[2], ticket: 3 }]); // rate 2, ticket 1 skipped
    // A shopper who already ordered (the page sends a leave on unload): nothing changes, the purchase stands.
    const me = await room.status(drop.id, users[1]!);
    await burnAdmissionToken(redis, await tokens.verify(me.admissionToken!, { userId: users[1]!, dropId: drop.id }), 'order-then-leave');
    expect(await room.leave(drop.id, users[1]!)).toEqual({ dropId: drop.id, status: 'completed', ticket: 2, admissionReleased: false });
    expect((await room.status(drop.id, users[1]!)).status).toBe('completed');
    const [stranger] = await insertUsers(services.knex, 1);
    await expect(room.leave(drop.id, stranger!)).rejects.toMatchObject({ status: 404, code: 'not_in_queue' });
    expect(await room.join(drop.id, users[0]!)).toMatchObject({ ticket: 5, status: 'waiting' });
  });

  it('leaving the pre-queue before the start takes the shopper out of the shuffle', async () => {
    const { dropId } = await insertDrop(services.knex, { rate: 5, checkoutWindowS: 60 });
    dropIds.push(dropId);
    const drop = (await createDropsReader(services.knex).byId(dropId))!;
    await redis.set(inventoryKeys(dropId).stock, '5');
    const users = await insertUsers(services.knex, 3);
    const room = roomFor(drop);
    for (const u of users) expect((await room.join(dropId, u)).status).toBe('prequeue');
    expect(await room.leave(dropId, users[1]!)).toEqual({ dropId, status: 'left', ticket: null, admissionReleased: false });
    const first = await tick(drop); // seals: only the two who stayed are shuffled
    expect(first.admitted.map((a) => a.userId).sort()).toEqual([users[0], users[2]].sort());
  });

  it('while the frozen pre-queue is being shuffled, its members are asked to try again (409) and nothing changes', async () => {
    const { dropId } = await insertDrop(services.knex, { rate: 5, checkoutWindowS: 60 });
    dropIds.push(dropId);
    const drop = (await createDropsReader(services.knex).byId(dropId))!;
    const [user] = await insertUsers(services.knex, 1);
    await roomFor(drop).join(dropId, user!);
    await redis.hSet(dropKeys(dropId).admission, 'phase', 'sealing'); // a controller froze the pre-queue
    await expect(roomFor(drop).leave(dropId, user!)).rejects.toMatchObject({ status: 409, code: 'queue_opening' });
    expect(await redis.sIsMember(dropKeys(dropId).prequeue, String(user))).toBeTruthy();
    expect(await redis.hGet(dropKeys(dropId).tickets, String(user))).toBe('0');
  });

  it('the issue’s scenario, small: non-buyers let the waiting in well before the window ends, and a sell-out tells everyone', async () => {
    const { drop, users } = await liveQueue(10, 3);
    expect((await tick(drop)).admitted.map((a) => a.ticket)).toEqual([1, 2, 3]);
    await buy(drop, users[0]!, 1); // shopper 1 buys; 2 and 3 never do (the page is open, nobody is there)
    clock += 1000;
    const early = await tick(drop);
    expect(early).toMatchObject({ boundBy: 'stock', admittedNow: 2 });
    expect(early.admitted).toHaveLength(0); // too early to tell a slow buyer from a no-show

    clock += 10_000; // 11 s into a 60 s window: shoppers 2 and 3 are past the decide time without an order
    const later = await tick(drop);
    expect(later.conversion).toBeCloseTo(0.5); // (1 unit + 1) / (1 buyer + 2 undecided + 1)
    expect(later.admitted.map((a) => a.ticket)).toEqual([4, 5]); // 2 units left / 0.5 → up to 4 admitted at once
    const fourth = await roomFor(drop).status(drop.id, users[3]!);
    expect(fourth).toMatchObject({ status: 'admitted' });
    expect(fourth.expiresAt! - clock).toBe(60_000);

    await buy(drop, users[3]!, 2); // the last two units
    const channel = redis.duplicate();
    await channel.connect();
    const pushes: { type: string }[] = [];
    await channel.subscribe(dropKeys(drop.id).channel, (m) => pushes.push(JSON.parse(m)));
    clock += 1000;
    const soldOut = await tick(drop);
    expect(soldOut).toMatchObject({ soldOut: true, soldOutChange: 1, boundBy: 'sold_out' });
    expect(soldOut.admitted).toHaveLength(0);
    for (const u of users.slice(5)) expect((await roomFor(drop).status(drop.id, u)).status).toBe('sold_out');
    await new Promise((r) => setTimeout(r, 50)); // let the pub/sub message arrive
    expect(pushes.map((p) => p.type)).toContain('sold_out');
    await channel.quit();
  });
});
