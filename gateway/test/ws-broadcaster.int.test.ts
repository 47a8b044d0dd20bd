import { SignJWT } from 'jose';
import { pushToDrop, pushToUser } from '@livedrop/common';
import { attachWebSockets, type WebSocketHub } from '../src/ws/ws-server';
import { createAccessTokens } from '../src/auth/access-token';
import { startGateway, type GatewayHarness } from './support/gateway-harness';
import { connectWs, type TestSocket } from './support/ws-client';
import { testLogger } from '../../test/support/test-env';

describe('gateway WebSocket broadcaster', () => {
  let h: GatewayHarness;
  let hub: WebSocketHub;
  const open: TestSocket[] = [];
  const connect = async (token?: string) => {
    const s = await connectWs(h.url, token);
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    h = await startGateway();
    hub = await attachWebSockets(h.server, { logger: testLogger(), redis: h.redis, tokens: createAccessTokens(h.config.JWT_SECRET, 900) });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await hub.close();
    await h.close();
  });

  it('refuses the upgrade with 401 with a forged token in the URL, or with a non-access token', async () => {
    const { user } = await h.createUser('shopper');
    const forged = await createAccessTokens('x'.repeat(40), 900).sign({ id: user.id, role: 'shopper' });
    await expect(connectWs(h.url, forged)).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(h.url, 'not.a.jwt')).rejects.toMatchObject({ status: 401 });
    const refreshLike = await new SignJWT({ role: 'shopper', typ: 'refresh' }).setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id)).setIssuer('livedrop').setAudience('livedrop-api').setExpirationTime('5m')
      .sign(new TextEncoder().encode(h.config.JWT_SECRET));
    await expect(connectWs(h.url, refreshLike)).rejects.toMatchObject({ status: 401 });
  });

  it('delivers pushToUser to every socket of that user only', async () => {
    const a = await h.createUser('shopper');
    const b = await h.createUser('shopper');
    const [a1, a2, b1] = await Promise.all([connect(a.token), connect(a.token), connect(b.token)]);
    await a1.next((m) => m.type === 'hello');
    expect(a1.messages[0]).toEqual({ type: 'hello', userId: a.user.id });
    await pushToUser(h.redis, a.user.id, { type: 'order_status', orderId: 'o-1', status: 'confirmed' });
    await a1.next((m) => m.type === 'order_status');
    await a2.next((m) => m.type === 'order_status');
    await pushToUser(h.redis, b.user.id, { type: 'order_status', orderId: 'o-2', status: 'confirmed' });
    await b1.next((m) => m.orderId === 'o-2');
    expect(b1.messages.filter((m) => m.orderId === 'o-1')).toHaveLength(0);
    expect(a1.messages.filter((m) => m.orderId === 'o-2')).toHaveLength(0);
  });

  it('subscribes sockets to drops, validates messages and caps subscriptions at 20', async () => {
    const { token } = await h.createUser('shopper');
    const s = await connect(token);
    const watcher = await connect((await h.createUser('shopper')).token);
    const dropId = 800_000_000 + Math.floor(Math.random() * 1e8);

    s.send({ type: 'subscribe', dropId: 'seven' });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'bad_message' });
    s.send({ type: 'subscribe', dropId });
    await s.next((m) => m.type === 'subscribed' && m.dropId === dropId);
    for (let i = 1; i < 20; i++) s.send({ type: 'subscribe', dropId: dropId + i });
    await s.next((m) => m.type === 'subscribed' && m.dropId === dropId + 19);
    s.send({ type: 'subscribe', dropId: dropId + 20 });
    expect(await s.next((m) => m.type === 'error' && m.code === 'too_many_subscriptions')).toBeTruthy();

    await pushToDrop(h.redis, dropId, { type: 'queue_tick', serving: 10, rate: 5, stockLeft: 3, soldOut: false, paused: false, queueLength: 0, ts: 0 });
    expect(await s.next((m) => m.type === 'queue_tick')).toMatchObject({ dropId, serving: 10 });
    s.send({ type: 'unsubscribe', dropId });
    await s.next((m) => m.type === 'unsubscribed');
    await pushToDrop(h.redis, dropId, { type: 'sold_out', ts: 0 });
    await pushToDrop(h.redis, dropId + 1, { type: 'stock_low', stockLeft: 2, threshold: 5 });
    await s.next((m) => m.type === 'stock_low');
    expect(s.messages.filter((m) => m.type === 'sold_out')).toHaveLength(0);
    expect(watcher.messages.filter((m) => m.type !== 'hello')).toHaveLength(0);
  });
});
