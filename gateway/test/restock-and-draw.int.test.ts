import { createLogger, decodeUserBatch, dropKeys, globalKeys, inventoryKeys } from '@livedrop/common';
import { createAdmissionController, createAdmissionTokens, createDropsReader, shufflePrequeue } from '@livedrop/waiting-room';
import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { clearDropKeys, insertDrop } from '../../waiting-room/test/support/queue-fixtures';

describe('restock alerts and the published draw', () => {
  let h: GatewayHarness;
  const dropIds: number[] = [];
  beforeAll(async () => { h = await startGateway(); });
  afterAll(async () => { await clearDropKeys(h.redis, dropIds); await h.close(); });

  async function liveDrop(stock: number) {
    const { dropId } = await insertDrop(h.knex, { rate: 5 });
    dropIds.push(dropId);
    await h.redis.set(inventoryKeys(dropId).stock, String(stock));
    return dropId;
  }
  const tickOnce = async (dropId: number) => createAdmissionController({
    redis: h.redis, knex: h.knex, tokens: createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET),
    logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'), ownerId: 'restock-test', tickMs: 1000,
    inflightThreshold: 1000, latencyThresholdMs: 1000,
  }).tickDrop((await createDropsReader(h.knex).byId(dropId))!);

  it('stores a shopper’s wish and pushes `restock` to them once when a sold-out drop gets units back', async () => {
    const dropId = await liveDrop(0);
    await tickOnce(dropId); // opens the queue and flips soldOut
    const { user, token } = await h.createUser('shopper');
    const other = await h.createUser('shopper');
    expect((await h.request.get(`/v1/drops/${dropId}/restock-alert`).set(h.auth(token)).expect(200)).body).toEqual({ dropId, wanted: false });
    expect((await h.request.put(`/v1/drops/${dropId}/restock-alert`).set(h.auth(token)).expect(200)).body).toEqual({ dropId, wanted: true });
    await h.request.put(`/v1/drops/${dropId}/restock-alert`).set(h.auth(token)).expect(200); // idempotent
    await h.request.put(`/v1/drops/${dropId}/restock-alert`).set(h.auth(other.token)).expect(200);
    await h.request.delete(`/v1/drops/${dropId}/restock-alert`).set(h.auth(other.token)).expect(200);
    expect((await h.request.get(`/v1/drops/${dropId}/restock-alert`).set(h.auth(token)).expect(200)).body.wanted).toBe(true);

    const sub = h.redis.duplicate();
    await sub.connect();
    const pushes: { userIds: number[]; text: string }[] = [];
    await sub.subscribe(globalKeys.userBatchChannel, (frame) => {
      const batch = decodeUserBatch(frame);
      if (batch && batch.text.includes(`"dropId":${dropId}`)) pushes.push(batch);
    });
    try {
      await h.redis.set(inventoryKeys(dropId).stock, '2');
      const outcome = await tickOnce(dropId);
      expect(outcome).toMatchObject({ soldOutChange: -1 });
      for (let i = 0; i < 50 && pushes.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(pushes).toEqual([{ userIds: [user.id], text: JSON.stringify({ type: 'restock', dropId, stockLeft: 2 }) }]);
      expect((await h.request.get(`/v1/drops/${dropId}/restock-alert`).set(h.auth(token)).expect(200)).body.wanted).toBe(false);
    } finally {
      await sub.quit();
    }
  });

  it('refuses other roles and unknown drops clearly', async () => {
    const dropId = await liveDrop(1);
    const creator = await h.createUser('creator');
    const shopper = await h.createUser('shopper');
    expect((await h.request.put(`/v1/drops/${dropId}/restock-alert`).set(h.auth(creator.token)).expect(403)).body.error.code).toBe('wrong_role');
    await h.request.put(`/v1/drops/${dropId}/restock-alert`).expect(401);
    expect((await h.request.put('/v1/drops/999999999/restock-alert').set(h.auth(shopper.token)).expect(404)).body.error.code).toBe('drop_not_found');
    expect((await h.request.get('/v1/drops/999999999/draw').set(h.auth(shopper.token)).expect(404)).body.error.code).toBe('drop_not_found');
    expect((await h.request.get('/v1/drops/x/draw').set(h.auth(shopper.token)).expect(400)).body.error.code).toBe('validation_failed');
  });

  it('publishes the sealed pre-queue so the draw can be recomputed from the revealed seed', async () => {
    const dropId = await liveDrop(5);
    const shopper = await h.createUser('shopper');
    expect((await h.request.get(`/v1/drops/${dropId}/draw`).set(h.auth(shopper.token)).expect(200)).body)
      .toEqual({ dropId, sealed: false, userIds: [] });
    const k = dropKeys(dropId);
    await h.redis.sAdd(k.prequeue, ['30', '4', '100']);
    await h.redis.hSet(k.admission, { phase: 'open', prequeueSize: '3' });
    const draw = (await h.request.get(`/v1/drops/${dropId}/draw`).set(h.auth(shopper.token)).expect(200)).body;
    expect(draw).toEqual({ dropId, sealed: true, userIds: [4, 30, 100] });
    expect(shufflePrequeue('ab'.repeat(32), draw.userIds).sort((a, b) => a - b)).toEqual([4, 30, 100]);
  });
});
