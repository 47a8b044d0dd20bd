import { createServer, type Server } from 'node:http';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { compileTrustProxy, pushToDrop, pushToUser } from '@livedrop/common';
import { attachWebSockets, type WebSocketDeps, type WebSocketHub } from '../src/ws/ws-server';
import { createAccessTokens } from '../src/auth/access-token';
import { connectWs, type TestSocket } from './support/ws-client';
import { connectTestServices, testLogger, TEST_ID_BASE } from '../../test/support/test-env';

// A gateway-less WebSocket hub on its own HTTP server, so each block can pick its caps and timeouts.
describe('WebSocket authentication, token expiry and socket caps', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const hubs: { server: Server; hub: WebSocketHub }[] = [];
  const sockets: TestSocket[] = [];
  let nextUser = TEST_ID_BASE + 700_000 + Math.floor(Math.random() * 100_000) * 10;
  const tokens = () => createAccessTokens(services.config.JWT_SECRET, 900);
  const tokenFor = (id: number, ttlS = 900) => createAccessTokens(services.config.JWT_SECRET, ttlS).sign({ id, role: 'shopper' });
  const newUserId = () => nextUser++;
  // Each test connects from a loopback address of its own, so per-address caps never mix between tests.
  const newSource = () => `127.${[0, 0, 0].map(() => 1 + Math.floor(Math.random() * 250)).join('.')}`;

  async function startHub(options: Partial<WebSocketDeps> = {}): Promise<string> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hub = await attachWebSockets(server, { logger: testLogger(), redis: services.redis, tokens: tokens(), ...options });
    hubs.push({ server, hub });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  const connect: typeof connectWs = async (...args) => {
    const s = await connectWs(...args);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const { server, hub } of hubs) {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await services.close();
  });

  it('accepts the token in the first message instead of the URL, and sends nothing before it', async () => {
    const url = await startHub();
    const userId = newUserId();
    const s = await connect(url, undefined, { localAddress: newSource() });
    s.send({ type: 'subscribe', dropId: 1 });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'auth_required' });
    s.send({ type: 'auth', token: await tokenFor(userId) });
    expect(await s.next((m) => m.type === 'hello')).toEqual({ type: 'hello', userId });
    await pushToUser(services.redis, userId, { type: 'order_status', orderId: 'first-message', status: 'confirmed' });
    expect(await s.next((m) => m.type === 'order_status')).toMatchObject({ orderId: 'first-message' });
  });

  it('closes a socket that does not authenticate in time, or sends a bad token', async () => {
    const url = await startHub({ authTimeoutMs: 300 });
    const silent = await connect(url, undefined, { localAddress: newSource() });
    expect(await silent.closed).toBe(4401);
    const forged = await connect(url, undefined, { localAddress: newSource() });
    forged.send({ type: 'auth', token: await createAccessTokens('f'.repeat(40), 900).sign({ id: 1, role: 'shopper' }) });
    expect(await forged.next((m) => m.type === 'error')).toMatchObject({ code: 'invalid_token' });
    expect(await forged.closed).toBe(4401);
  });

  it('accepts the token in the Sec-WebSocket-Protocol header and answers with the livedrop protocol only', async () => {
    const url = await startHub();
    const userId = newUserId();
    const s = await connect(url, undefined, { protocols: ['livedrop', `bearer.${await tokenFor(userId)}`], localAddress: newSource() });
    expect(s.ws.protocol).toBe('livedrop');
    expect(await s.next((m) => m.type === 'hello')).toEqual({ type: 'hello', userId });
    await expect(connectWs(url, undefined, { protocols: ['livedrop', 'bearer.not.a.jwt'], localAddress: newSource() }))
      .rejects.toMatchObject({ status: 401 });
  });

  it('stops account pushes when the token expires, and resumes them after a re-auth over the socket', async () => {
    const url = await startHub();
    const userId = newUserId();
    const dropId = 900_000_000 + Math.floor(Math.random() * 1e8);
    const s = await connect(url, await tokenFor(userId, 1), { localAddress: newSource() });
    await s.next((m) => m.type === 'hello');
    s.send({ type: 'subscribe', dropId });
    await s.next((m) => m.type === 'subscribed');
    await s.next((m) => m.type === 'token_expired', 5000);

    // Pushes on one Redis connection arrive in order: once the drop message is here, the account one was not sent.
    await pushToUser(services.redis, userId, { type: 'order_status', orderId: 'after-expiry', status: 'confirmed' });
    await pushToDrop(services.redis, dropId, { type: 'sold_out', ts: Date.now() });
    await s.next((m) => m.type === 'sold_out');
    expect(s.messages.filter((m) => m.orderId === 'after-expiry')).toHaveLength(0);

    s.send({ type: 'auth', token: await tokenFor(newUserId()) });
    expect(await s.next((m) => m.type === 'error')).toMatchObject({ code: 'wrong_user' });
    s.send({ type: 'auth', token: await tokenFor(userId) });
    expect(await s.next((m) => m.type === 'reauthenticated')).toMatchObject({ userId });
    await pushToUser(services.redis, userId, { type: 'order_status', orderId: 'after-reauth', status: 'confirmed' });
    await s.next((m) => m.orderId === 'after-reauth');
  });

  it('caps sockets per account, whichever way they authenticate', async () => {
    const url = await startHub({ maxSocketsPerUser: 2 });
    const userId = newUserId();
    const token = await tokenFor(userId);
    const source = newSource();
    const first = await connect(url, token, { localAddress: source });
    await connect(url, token, { localAddress: source });
    await expect(connectWs(url, token, { localAddress: source })).rejects.toMatchObject({ status: 429 });
    const byMessage = await connect(url, undefined, { localAddress: source });
    byMessage.send({ type: 'auth', token });
    expect(await byMessage.next((m) => m.type === 'error')).toMatchObject({ code: 'too_many_sockets' });
    expect(await byMessage.closed).toBe(4429);
    first.ws.close();
    await first.closed;
    const again = await connect(url, token, { localAddress: source });
    await again.next((m) => m.type === 'hello');
  });

  it('caps sockets per client address, by the TRUST_PROXY rule', async () => {
    const url = await startHub({ maxSocketsPerIp: 2 });
    const source = newSource();
    await connect(url, await tokenFor(newUserId()), { localAddress: source });
    await connect(url, undefined, { localAddress: source });
    await expect(connectWs(url, await tokenFor(newUserId()), { localAddress: source })).rejects.toMatchObject({ status: 429 });
    // X-Forwarded-For names nobody unless the proxy is trusted.
    await expect(connectWs(url, undefined, { localAddress: source, headers: { 'x-forwarded-for': '198.51.100.7' } }))
      .rejects.toMatchObject({ status: 429 });

    const proxied = await startHub({ maxSocketsPerIp: 1, trustProxy: compileTrustProxy('loopback') });
    await connect(proxied, undefined, { localAddress: source, headers: { 'x-forwarded-for': '198.51.100.7' } });
    await connect(proxied, undefined, { localAddress: source, headers: { 'x-forwarded-for': '198.51.100.8' } });
    await expect(connectWs(proxied, undefined, { localAddress: source, headers: { 'x-forwarded-for': '198.51.100.8' } }))
      .rejects.toMatchObject({ status: 429 });
  });

  it('gives the per-address slot back when the handshake itself is malformed', async () => {
    const url = await startHub({ maxSocketsPerIp: 1 });
    const source = newSource();
    const { port } = new URL(url);
    for (let i = 0; i < 3; i++) {
      const answer = await new Promise<string>((resolve, reject) => {
        const raw = tcpConnect({ host: '127.0.0.1', port: Number(port), localAddress: source }, () => {
          raw.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n');
        });
        let text = '';
        raw.on('data', (d: Buffer) => (text += d.toString()));
        raw.on('close', () => resolve(text));
        raw.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/); // no Sec-WebSocket-Key
    }
    const s = await connect(url, await tokenFor(newUserId()), { localAddress: source });
    await s.next((m) => m.type === 'hello');
  });
});
