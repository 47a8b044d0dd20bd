import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { pushToOps, QUEUES, inventoryKeys } from '@livedrop/common';
import { createAdmissionOps, createOpsMetricsPublisher } from '@livedrop/waiting-room';
import { appendSeriesSample } from '../../waiting-room/src/ops/ops-series';
import { clearDropKeys, insertDrop } from '../../waiting-room/test/support/queue-fixtures';
import { createAccessTokens } from '../src/auth/access-token';
import { createOpsBoard, type OpsBoard } from '../src/ops/ops-board';
import { attachWebSockets, type WebSocketHub } from '../src/ws/ws-server';
import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { connectWs, type TestSocket } from './support/ws-client';
import { testLogger } from '../../test/support/test-env';

describe('ops console API', () => {
  let h: GatewayHarness;
  let board: OpsBoard;
  let hub: WebSocketHub;
  const dropIds: number[] = [];
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    board = createOpsBoard(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix: `test-board-${randomUUID()}` });
    h = await startGateway({ extraDeps: { opsBoard: board } });
    hub = await attachWebSockets(h.server, { logger: testLogger(), redis: h.redis, tokens: createAccessTokens(h.config.JWT_SECRET, 900) });
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await clearDropKeys(h.redis, dropIds);
    await hub.close();
    await h.close();
    await board.close();
  });

  const liveDrop = async () => {
    const { dropId } = await insertDrop(h.knex, { rate: 5 });
    dropIds.push(dropId);
    return dropId;
  };
  const users = async () => ({ ops: await h.createUser('ops'), shopper: await h.createUser('shopper'), creator: await h.createUser('creator') });

  it('serves the 15-minute series to ops only, validated', async () => {
    const dropId = await liveDrop();
    const { ops, shopper, creator } = await users();
    const now = Date.now();
    for (const [i, t] of [now - 16 * 60_000, now - 2000, now - 1000].entries()) {
      await appendSeriesSample(h.redis, dropId, { t, queueLength: 10 - i, admissionsPerS: i, confirmedPerS: i / 2, admittedTotal: i, confirmedTotal: 0 });
    }
    const res = await h.request.get(`/v1/ops/drops/${dropId}/series`).set(h.auth(ops.token)).expect(200);
    expect(res.body).toEqual({
      dropId, windowMs: 15 * 60_000,
      samples: [{ t: now - 2000, queueLength: 9, admissionsPerS: 1, confirmedPerS: 0.5 }, { t: now - 1000, queueLength: 8, admissionsPerS: 2, confirmedPerS: 1 }],
    });
    await h.request.get(`/v1/ops/drops/${dropId}/series`).set(h.auth(shopper.token)).expect(403);
    await h.request.get(`/v1/ops/drops/${dropId}/series`).set(h.auth(creator.token)).expect(403);
    await h.request.get(`/v1/ops/drops/${dropId}/series`).expect(401);
    await h.request.get(`/v1/ops/drops/${dropId}/series?minutes=99`).set(h.auth(ops.token)).expect(400);
    await h.request.get('/v1/ops/drops/abc/series').set(h.auth(ops.token)).expect(400);
    expect((await h.request.get('/v1/ops/drops/999999999/series').set(h.auth(ops.token)).expect(404)).body.error.code).toBe('drop_not_found');
  });

  it('lists the audit log newest first with who changed what, and pages by id', async () => {
    const dropId = await liveDrop();
    const { ops, shopper } = await users();
    const admission = createAdmissionOps({ redis: h.redis, knex: h.knex });
    await admission.setRate(dropId, ops.user.id, 20);
    await admission.pause(dropId, ops.user.id);
    await admission.resume(dropId, ops.user.id);
    await admission.drain(dropId, ops.user.id);
    const res = await h.request.get(`/v1/ops/drops/${dropId}/audit`).set(h.auth(ops.token)).expect(200);
    expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual(['drain', 'resume', 'pause', 'set_rate']);
    expect(res.body.entries[3]).toMatchObject({
      dropId, action: 'set_rate', old: { rate: '5' }, new: { rate: '20' },
      actor: { id: ops.user.id, displayName: ops.user.displayName, email: ops.user.email },
    });
    expect(Date.parse(res.body.entries[0].at)).not.toBeNaN();
    const page = await h.request.get(`/v1/ops/drops/${dropId}/audit?limit=2&before=${res.body.entries[1].id}`).set(h.auth(ops.token)).expect(200);
    expect(page.body.entries.map((e: { action: string }) => e.action)).toEqual(['pause', 'set_rate']);
    await h.request.get(`/v1/ops/drops/${dropId}/audit`).set(h.auth(shopper.token)).expect(403);
    await h.request.get(`/v1/ops/drops/${dropId}/audit?limit=0`).set(h.auth(ops.token)).expect(400);
  });

  it('returns the latest metrics snapshot and pushes ops_metrics only to ops sockets', async () => {
    const dropId = await liveDrop();
    await h.redis.set(inventoryKeys(dropId).stock, '7');
    const { ops, shopper } = await users();
    const opsSocket = await connectWs(h.url, ops.token);
    const shopperSocket = await connectWs(h.url, shopper.token);
    sockets.push(opsSocket, shopperSocket);
    await opsSocket.next((m) => m.type === 'hello');
    await shopperSocket.next((m) => m.type === 'hello');

    const message = await createOpsMetricsPublisher({ redis: h.redis, knex: h.knex }).publish();
    const pushed = await opsSocket.next((m) => m.type === 'ops_metrics' && m.ts === message.ts);
    expect((pushed.drops as { dropId: number }[]).find((d) => d.dropId === dropId)).toMatchObject({ stockLeft: 7, status: 'live' });
    const snapshot = await h.request.get('/v1/ops/metrics').set(h.auth(ops.token)).expect(200);
    expect(snapshot.body.ts).toBe(message.ts);
    expect(snapshot.body.drops.find((d: { dropId: number }) => d.dropId === dropId)).toMatchObject({ stockLeft: 7, boundBy: 'not_started' });
    await h.request.get('/v1/ops/metrics').set(h.auth(shopper.token)).expect(403);

    // A later push reaches the shopper socket too, proving it was listening; the ops message never did.
    await pushToOps(h.redis, { type: 'ops_metrics', ts: -1, drops: [] });
    await opsSocket.next((m) => m.type === 'ops_metrics' && m.ts === -1);
    await h.redis.publish(`ws:user:${shopper.user.id}`, JSON.stringify({ type: 'user_probe' }));
    await shopperSocket.next((m) => m.type === 'user_probe');
    expect(shopperSocket.messages.some((m) => m.type === 'ops_metrics')).toBe(false);
  });

  it('links the drop and its orders to the Temporal UI', async () => {
    const dropId = await liveDrop();
    const { ops, shopper } = await users();
    const orderId = randomUUID();
    await h.knex('orders').insert({
      id: orderId, user_id: shopper.user.id, drop_id: dropId, idempotency_key: randomUUID(), quantity: 1, amount_minor: 1000,
      currency: 'EUR', status: 'reserved', workflow_id: `order-${shopper.user.id}-abc${orderId.slice(0, 8)}`,
    });
    const base = `${h.config.TEMPORAL_UI_URL.replace(/\/$/, '')}/namespaces/${h.config.TEMPORAL_NAMESPACE}/workflows/`;
    const links = await h.request.get(`/v1/ops/drops/${dropId}/links`).set(h.auth(ops.token)).expect(200);
    expect(links.body).toMatchObject({
      dropId, workflowId: `drop-${dropId}`, workflowUrl: `${base}drop-${dropId}`, bullBoardUrl: '/ops/queues',
      recentOrders: [{ orderId, status: 'reserved', workflowUrl: `${base}order-${shopper.user.id}-abc${orderId.slice(0, 8)}` }],
    });
    const one = await h.request.get(`/v1/ops/orders/${orderId}/links`).set(h.auth(ops.token)).expect(200);
    expect(one.body.workflowUrl).toBe(links.body.recentOrders[0].workflowUrl);
    await h.request.get(`/v1/ops/orders/${randomUUID()}/links`).set(h.auth(ops.token)).expect(404);
    await h.request.get('/v1/ops/orders/not-a-uuid/links').set(h.auth(ops.token)).expect(400);
    await h.request.get(`/v1/ops/drops/${dropId}/links`).set(h.auth(shopper.token)).expect(403);
  });

  it('opens Bull Board only with the ops session cookie', async () => {
    const { ops, shopper, creator } = await users();
    expect((await supertest(h.url).get('/ops/queues').expect(401)).body.error.code).toBe('board_session_required');
    await supertest(h.url).get('/ops/queues').set('cookie', 'ld_ops_board=1.99999999999999.forged-signature-forged-signature-forged12').expect(401);
    await supertest(h.url).get('/ops/queues').set(h.auth(ops.token)).expect(401); // a bearer header is not the board's credential
    for (const u of [shopper, creator]) await h.request.post('/v1/ops/board-session').set(h.auth(u.token)).expect(403);
    await h.request.post('/v1/ops/board-session').expect(401);

    const session = await h.request.post('/v1/ops/board-session').set(h.auth(ops.token)).expect(200);
    expect(session.body.url).toBe('/ops/queues');
    const cookie = String(session.headers['set-cookie']);
    expect(cookie).toMatch(/^ld_ops_board=[^;]+; Max-Age=600; Path=\/ops\/queues; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const value = cookie.split(';')[0]!;
    const browser = () => supertest(h.url); // no cookie jar: each request carries only the cookie it is given
    await browser().get('/ops/queues').expect(401);
    const page = await browser().get('/ops/queues').set('cookie', value).expect(200);
    expect(page.text).toContain('LiveDrop queues');
    const api = await browser().get('/ops/queues/api/queues').set('cookie', value).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(Object.values(QUEUES).sort()); // every BullMQ queue of the system
    // Another user's id with the same signature does not pass.
    const [, expires, sig] = value.split('=')[1]!.split('.');
    await browser().get('/ops/queues').set('cookie', `ld_ops_board=${shopper.user.id}.${expires}.${sig}`).expect(401);
  });
});
