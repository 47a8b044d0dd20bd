import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { createMetrics, mediaKey, withFastPaths } from '@livedrop/common';
import { createMediaDelivery } from '../../src/media/media-delivery';
import { createMediaFastPath } from '../../src/routes/media-fast-path';
import { startGateway, type GatewayHarness } from '../support/gateway-harness';
import { testLogger } from '../../../test/support/test-env';

// The pre-Express /media path must answer exactly what the Express route answers.
describe('media fast path', () => {
  let h: GatewayHarness;
  let dir: string;
  let fast: Server;
  let fastRequest: ReturnType<typeof supertest.agent>;
  const metrics = createMetrics('media-fast-path-test');
  const body = Buffer.from('not really a webp, but the route serves stored bytes as they are'.repeat(10));
  const name = `${createHash('sha256').update(body).digest('hex')}.webp`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedrop-media-fast-'));
    h = await startGateway({ config: { MEDIA_STORAGE: 'local', MEDIA_LOCAL_DIR: dir } });
    await h.mediaStorage.put(mediaKey(name.slice(0, 64), 'webp'), body, 'image/webp');
    const serve = createMediaDelivery({ storage: h.mediaStorage, memoryBytes: 1024 * 1024 });
    fast = createServer(withFastPaths(h.app, createMediaFastPath({ mediaDelivery: serve }, { logger: testLogger(), metrics })));
    await new Promise<void>((resolve) => fast.listen(0, '127.0.0.1', resolve));
    fastRequest = supertest.agent(`http://127.0.0.1:${(fast.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    fast.closeAllConnections();
    await new Promise<void>((resolve) => fast.close(() => resolve()));
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const etag = () => `"${name.slice(0, 64)}"`;
  const cases: [string, string, Record<string, string>][] = [
    ['200', `/media/${name}`, {}],
    ['304', `/media/${name}`, { 'if-none-match': 'placeholder' }],
    ['206', `/media/${name}`, { range: 'bytes=3-12' }],
    ['416', `/media/${name}`, { range: 'bytes=9999-' }],
    ['404 unknown hash', `/media/${'a'.repeat(64)}.avif`, {}],
  ];

  it.each(cases)('%s: same status, headers and body as Express', async (_label, path, headers) => {
    const set = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v === 'placeholder' ? etag() : v]));
    const slow = await h.request.get(path).set(set).set('x-request-id', 'req-1');
    const quick = await fastRequest.get(path).set(set).set('x-request-id', 'req-1');
    const pick = (r: supertest.Response) => {
      const { date: _d, connection: _c, 'keep-alive': _k, ...rest } = r.headers;
      return { status: r.status, headers: rest, body: r.body instanceof Buffer ? r.body.toString('hex') : r.body, text: r.text };
    };
    expect(pick(quick)).toEqual(pick(slow));
    expect(quick.headers['x-request-id']).toBe('req-1');
  });

  it('HEAD too, and the request-duration histogram counts the route', async () => {
    const res = await fastRequest.head(`/media/${name}`).expect(200);
    expect(res.headers['content-length']).toBe(String(body.length));
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/media\/:name"[^}]*status="200"[^}]*\} [1-9]/);
  });
});
