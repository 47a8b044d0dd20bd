import { createLogger, dropKeys, inventoryKeys } from '@livedrop/common';
import { createAdmissionController, createAdmissionTokens, createDropsReader } from '@livedrop/waiting-room';
import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { clearDropKeys, insertDrop } from '../../waiting-room/test/support/queue-fixtures';

describe('waiting room over HTTP', () => {
  let h: GatewayHarness;
  const dropIds: number[] = [];
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await clearDropKeys(h.redis, dropIds); await h.close(); });

  async function liveDrop() {
    const { dropId } = await insertDrop(h.knex, { rate: 5 });
    dropIds.push(dropId);
    await h.redis.set(inventoryKeys(dropId).stock, '10');
    return dropId;
  }
  const tickOnce = async (dropId: number) => createAdmissionController({
    redis: h.redis, knex: h.knex, tokens: createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET),
    logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId: 'http-test', tickMs: 1000,
    inflightThreshold: 1000, latencyThresholdMs: 1000,
  }).tickDrop((await createDropsReader(h.knex).byId(dropId))!);

  it('joins once per account, reports position, and hands the admission token to a reconnecting shopper', async () => {
    const dropId = await liveDrop();
    await tickOnce(dropId); // opens the queue
    const { user, token } = await h.createUser('shopper');
    const first = await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(token)).expect(200);
    expect(first.body).toMatchObject({ dropId, ticket: 1, status: 'waiting', position: 1, serving: 0, eta: 1 });
    const again = await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(token)).expect(200);
    expect(again.body.ticket).toBe(1);

    await tickOnce(dropId);
    const me = await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(token)).expect(200);
    expect(me.body).toMatchObject({ ticket: 1, status: 'admitted', position: 0, serving: 1, stockLeft: 10 });
    const claims = await createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET).verify(me.body.admissionToken, { userId: user.id, dropId });
    expect(claims).toMatchObject({ ticket: 1 });
  });

  it('answers clear errors for the wrong role, a missing token, bad ids and a queue not joined', async () => {
    const dropId = await liveDrop();
    const creator = await h.createUser('creator');
    const shopper = await h.createUser('shopper');
    expect((await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(creator.token)).expect(403)).body.error.code).toBe('wrong_role');
    await h.request.post(`/v1/drops/${dropId}/queue`).expect(401);
    expect((await h.request.post('/v1/drops/abc/queue').set(h.auth(shopper.token)).expect(400)).body.error.code).toBe('validation_failed');
    expect((await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(shopper.token)).expect(404)).body.error.code).toBe('not_in_queue');
  });

  it('lets only ops see metrics and change admission, audited', async () => {
    const dropId = await liveDrop();
    const ops = await h.createUser('ops');
    const shopper = await h.createUser('shopper');
    const creator = await h.createUser('creator');
    for (const t of [shopper.token, creator.token]) {
      await h.request.get('/v1/ops/drops').set(h.auth(t)).expect(403);
      await h.request.post(`/v1/ops/drops/${dropId}/pause`).set(h.auth(t)).expect(403);
      await h.request.post(`/v1/ops/drops/${dropId}/admission`).set(h.auth(t)).send({ rate: 1 }).expect(403);
    }
    await h.request.post(`/v1/ops/drops/${dropId}/admission`).set(h.auth(ops.token)).send({ rate: -1 }).expect(400);
    const changed = await h.request.post(`/v1/ops/drops/${dropId}/admission`).set(h.auth(ops.token)).send({ rate: 12.5 }).expect(200);
    expect(changed.body).toMatchObject({ action: 'set_rate', old: { rate: '5' }, new: { rate: '12.5' }, effective: 'next_tick' });
    await h.request.post(`/v1/ops/drops/${dropId}/drain`).set(h.auth(ops.token)).expect(200);
    await h.request.post('/v1/ops/drops/999999999/pause').set(h.auth(ops.token)).expect(404);
    await tickOnce(dropId);
    const list = await h.request.get('/v1/ops/drops').set(h.auth(ops.token)).expect(200);
    expect(list.body.drops.find((d: { dropId: number }) => d.dropId === dropId))
      .toMatchObject({ rate: 12.5, effectiveRate: 12.5, boundBy: 'draining', draining: true, stockLeft: 10 });
    const joiner = await h.createUser('shopper');
    expect((await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(joiner.token)).expect(409)).body.error.code).toBe('queue_draining');
    expect(await h.knex('admission_audit').where({ drop_id: dropId, actor_user_id: ops.user.id }).count({ n: '*' }).first())
      .toEqual({ n: 2 });
  });

  it('lets a shopper leave (DELETE /queue/me or POST /queue/leave): the admission goes back at once, idempotently', async () => {
    const dropId = await liveDrop();
    await tickOnce(dropId); // opens the queue
    const a = await h.createUser('shopper');
    const b = await h.createUser('shopper');
    await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(a.token)).expect(200);
    await h.request.post(`/v1/drops/${dropId}/queue`).set(h.auth(b.token)).expect(200);
    await tickOnce(dropId);
    expect((await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(a.token)).expect(200)).body.status).toBe('admitted');

    const left = await h.request.delete(`/v1/drops/${dropId}/queue/me`).set(h.auth(a.token)).expect(200);
    expect(left.body).toEqual({ dropId, status: 'left', ticket: 1, admissionReleased: true });
    expect(await h.redis.zScore(dropKeys(dropId).admitted, String(a.user.id))).toBeNull();
    const again = await h.request.post(`/v1/drops/${dropId}/queue/leave`).set(h.auth(a.token)).expect(200);
    expect(again.body).toEqual({ dropId, status: 'left', ticket: 1, admissionReleased: false });
    expect((await h.request.get(`/v1/drops/${dropId}/queue/me`).set(h.auth(a.token)).expect(404)).body.error.code).toBe('not_in_queue');

    const c = await h.createUser('shopper');
    expect((await h.request.delete(`/v1/drops/${dropId}/queue/me`).set(h.auth(c.token)).expect(404)).body.error.code).toBe('not_in_queue');
    await h.request.delete(`/v1/drops/${dropId}/queue/me`).expect(401);
    expect((await h.request.post('/v1/drops/abc/queue/leave').set(h.auth(c.token)).expect(400)).body.error.code).toBe('validation_failed');
    expect((await h.request.delete('/v1/drops/999999999/queue/me').set(h.auth(c.token)).expect(404)).body.error.code).toBe('drop_not_found');
  });
});
