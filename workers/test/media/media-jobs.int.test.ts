import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import supertest from 'supertest';
import { bullConnection, createLocalStorage, createMetrics, recordEvent, type MediaStorage } from '@livedrop/common';
import { buildReadApiApp } from '../../../read-api/src/app';
import { startEventPipeline, type EventPipeline } from '../../src/jobs/event-pipeline';
import { processMedia, startMediaJobs } from '../../src/jobs/media';
import { insertDrop, insertProduct, insertUser } from '../../../test/support/catalog-fixtures';
import { obliterateQueues } from '../../../test/support/bull-cleanup';
import { connectTestServices, uniqueSuffix } from '../../../test/support/test-env';
import { testJpeg } from './media-fixtures';

type Services = Awaited<ReturnType<typeof connectTestServices>>;
const CDN = 'https://cdn.livedrop.test';

/**
 * The production wiring: the gateway's `product.media_added` (recorded here as it would) → outbox relay →
 * events worker → `media` queue → processing → `product.media_ready` → read-api caches invalidated, so
 * shoppers' product and drop views show the srcset-ready image with MEDIA_PUBLIC_BASE_URL (a CDN) URLs.
 */
describe('media jobs on BullMQ, and the read API', () => {
  let s: Services;
  let storage: MediaStorage;
  let dir: string;
  let pipeline: EventPipeline;
  let media: ReturnType<typeof startMediaJobs>;
  let server: Server;
  let api: ReturnType<typeof supertest.agent>;
  let creatorId: number;
  let productId: number;
  const prefix = `test-${uniqueSuffix()}`;

  beforeAll(async () => {
    s = await connectTestServices();
    dir = await mkdtemp(join(tmpdir(), 'livedrop-media-jobs-'));
    storage = createLocalStorage(dir);
    creatorId = await insertUser(s.knex, 'creator');
    productId = await insertProduct(s.knex, creatorId);
    const connection = bullConnection(s.config.REDIS_URL);
    media = startMediaJobs({
      connection, prefix, knex: s.knex, storage, logger: s.logger, widths: [320, 640], maxImagePixels: 10_000_000,
      graceS: 3600, gcIntervalMs: 3_600_000,
    });
    pipeline = await startEventPipeline({
      connection, prefix, knex: s.knex, redis: s.redis, logger: s.logger, stockLowThreshold: 0, relayIntervalMs: 50,
      relayFilter: (q) => q.where({ aggregate_type: 'product', aggregate_id: String(productId) }),
      extraConsumers: [media.trigger],
    });
    const app = buildReadApiApp({
      logger: s.logger, metrics: createMetrics('media-jobs-test'), health: { shuttingDown: false }, checks: {}, knex: s.knex, redis: s.redis, mediaBaseUrl: CDN,
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = supertest.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await pipeline.close();
    await media.close();
    await obliterateQueues(s.config.REDIS_URL, prefix);
    await rm(dir, { recursive: true, force: true });
    await s.close();
  });

  it('schedules media GC with a job scheduler', async () => {
    await media.ready;
    expect(await media.queue.getJobScheduler('media-gc')).toMatchObject({ every: 3_600_000 });
  });

  it('media_added → processed by the worker → product and drop views show it (cache invalidated)', async () => {
    const drop = await insertDrop(s.knex, { creatorId, productId });
    const productPath = `/v1/catalog/products/${productId}`;
    const before = await api.get(productPath).expect(200);
    expect(before.body.product.media).toEqual([]);
    expect((await api.get(`/v1/catalog/drops/${drop.id}`).expect(200)).body.drop.product).toMatchObject({ imageUrl: 'https://cdn.example/p.jpg', image: null });

    const jpeg = await testJpeg(900, 600);
    await storage.put('uploads/jobs-test-upload', jpeg, 'image/jpeg');
    const mediaId = await s.knex.transaction(async (trx) => {
      const [id] = await trx('product_media').insert({
        product_id: productId, kind: 'image', status: 'processing', position: 0, alt: 'side', source_key: 'uploads/jobs-test-upload',
        content_type: 'image/jpeg', bytes: jpeg.length, width: 900, height: 600,
      });
      await recordEvent(trx, { type: 'product.media_added', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId, mediaId: Number(id) } });
      return Number(id);
    });
    // Processing but not ready: shoppers do not see it yet.
    let product = before.body.product;
    for (let i = 0; i < 200 && product.media.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      product = (await api.get(productPath).expect(200)).body.product;
    }
    expect(product.media).toHaveLength(1);
    expect(product.media[0]).toMatchObject({ id: mediaId, kind: 'image', status: 'ready', alt: 'side', width: 900, height: 600 });
    expect(product.media[0].variants.map((v: { format: string; width: number }) => `${v.format}@${v.width}`)).toEqual(['avif@320', 'webp@320', 'avif@640', 'webp@640']);
    for (const v of product.media[0].variants) expect(v.url).toMatch(new RegExp(`^${CDN}/media/[0-9a-f]{64}\\.(avif|webp)$`));
    expect(product.media[0].srcset.avif).toMatch(/ 320w, .* 640w$/);
    const dropView = (await api.get(`/v1/catalog/drops/${drop.id}`).expect(200)).body.drop.product;
    expect(dropView.imageUrl).toBe(product.media[0].fallback.url);
    expect(dropView.image).toMatchObject({ alt: 'side', variants: product.media[0].variants });
    expect(await storage.list('uploads/')).toEqual([]);
    expect((await storage.list('media/')).length).toBe(5);
  });

  it('an image that does not decode in the job is marked failed, its upload deleted, nothing stored; reruns are no-ops', async () => {
    const jpeg = await testJpeg(400, 300);
    await storage.put('uploads/jobs-test-broken', jpeg.subarray(0, 600), 'image/jpeg');
    const mediaBefore = await storage.list('media/');
    const [id] = await s.knex('product_media').insert({
      product_id: productId, kind: 'image', status: 'processing', position: 9, source_key: 'uploads/jobs-test-broken',
      content_type: 'image/jpeg', bytes: 600,
    });
    const deps = { knex: s.knex, storage, logger: s.logger, widths: [320], maxImagePixels: 10_000_000 };
    expect(await processMedia(deps, Number(id))).toBe('failed');
    expect(await s.knex('product_media').where({ id }).first()).toMatchObject({ status: 'failed', source_key: null });
    expect(await storage.stat('uploads/jobs-test-broken')).toBeUndefined();
    expect(await storage.list('media/')).toEqual(mediaBefore);
    expect(await s.knex('media_variants').where({ media_id: id })).toEqual([]);
    expect(await processMedia(deps, Number(id))).toBe('skipped'); // at-least-once delivery: a second run changes nothing
    // Failed media never reach shoppers.
    const product = (await api.get(`/v1/catalog/products/${productId}`).expect(200)).body.product;
    expect(product.media.map((m: { id: number }) => m.id)).not.toContain(Number(id));
  });
});
