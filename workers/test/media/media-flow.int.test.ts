import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { startGateway, type GatewayHarness } from '../../../gateway/test/support/gateway-harness';
import { testLogger, uniqueSuffix } from '../../../test/support/test-env';
import { collectGarbage, detectFrameGrabber, processMedia, type FrameGrabber } from '../../src/jobs/media';
import { testJpeg, testWebm } from './media-fixtures';

const MAX_IMAGE_BYTES = 400_000;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// The whole path on both storage drivers: the S3 one against the real local S3 server (moto, scripts/infra-up.sh).
// Delivery answers from the gateway's memory on the local run and streams every answer from storage on the S3 run.
const drivers: [string, (dir: string) => Record<string, string>][] = [
  ['local disk', (dir) => ({ MEDIA_STORAGE: 'local', MEDIA_LOCAL_DIR: dir })],
  ['S3 (local moto server)', () => ({ MEDIA_STORAGE: 's3', S3_BUCKET: `livedrop-test-${uniqueSuffix()}`, MEDIA_MEMORY_CACHE_BYTES: '0' })],
];

describe.each(drivers)('product media through the gateway and the jobs worker: %s', (driverName, driverConfig) => {
  let h: GatewayHarness;
  let dir: string;
  let grabber: FrameGrabber | undefined;
  let jpeg: Buffer;
  const isS3 = driverName.startsWith('S3');

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'livedrop-media-flow-'));
    h = await startGateway({ config: { ...driverConfig(dir), MEDIA_MAX_IMAGE_BYTES: String(MAX_IMAGE_BYTES), MEDIA_IMAGE_WIDTHS: '320,640,1280' } });
    grabber = await detectFrameGrabber('ffmpeg');
    jpeg = await testJpeg();
  });
  afterAll(async () => {
    if (isS3) await h.mediaStorage.delete([...await h.mediaStorage.list('media/'), ...await h.mediaStorage.list('uploads/')]);
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  const jobDeps = () => ({
    knex: h.knex, storage: h.mediaStorage, logger: testLogger(), widths: h.config.MEDIA_IMAGE_WIDTHS,
    maxImagePixels: h.config.MEDIA_MAX_IMAGE_PIXELS, frameGrabber: grabber,
  });

  async function creatorWithProduct() {
    const { user, token } = await h.createUser('creator');
    const product = await h.request.post('/v1/products').set(h.auth(token))
      .send({ title: 'Hoodie', priceMinor: 5900, currency: 'EUR' }).expect(201);
    return { user, token, productId: product.body.id as number };
  }

  /** Ticket → PUT the bytes where the ticket says (presigned S3 or the one-time local URL). */
  async function upload(token: string, productId: number, body: Buffer, contentType: string, declared = body.length) {
    const ticket = await h.request.post(`/v1/products/${productId}/media/uploads`).set(h.auth(token)).send({ contentType, bytes: declared });
    if (ticket.status !== 201) return { ticket, put: undefined, uploadId: undefined };
    const url = ticket.body.url.startsWith('/') ? `${h.url}${ticket.body.url}` : ticket.body.url;
    const put = await fetch(url, { method: 'PUT', body, headers: { 'content-type': contentType } });
    return { ticket, put, uploadId: ticket.body.uploadId as string };
  }

  const register = (token: string, productId: number, body: object) =>
    h.request.post(`/v1/products/${productId}/media`).set(h.auth(token)).send(body);

  async function addImage(token: string, productId: number, image = jpeg) {
    const { put, uploadId } = await upload(token, productId, image, 'image/jpeg');
    expect(put!.status).toBe(200);
    const registered = await register(token, productId, { uploadId, alt: 'front' }).expect(202);
    const { width, height } = await sharp(image).metadata();
    expect(registered.body).toMatchObject({ kind: 'image', status: 'processing', width, height });
    expect(await processMedia(jobDeps(), registered.body.id)).toBe('ready');
    return registered.body.id as number;
  }

  const storedKeys = async () => ({ media: (await h.mediaStorage.list('media/')).sort(), uploads: (await h.mediaStorage.list('uploads/')).sort() });
  const rowsOf = async (productId: number) => ({
    media: await h.knex('product_media').where({ product_id: productId }).count({ n: '*' }).first().then((r) => Number(r?.n)),
    uploads: await h.knex('media_uploads').where({ product_id: productId }).count({ n: '*' }).first().then((r) => Number(r?.n)),
  });

  it('upload → variants in AVIF/WebP at each width + JPEG fallback, metadata stripped, content-addressed, served immutable', async () => {
    const { token, productId } = await creatorWithProduct();
    const mediaId = await addImage(token, productId);
    const product = await h.request.get(`/v1/products/${productId}`).set(h.auth(token)).expect(200);
    const [media] = product.body.media;
    expect(media).toMatchObject({ id: mediaId, kind: 'image', status: 'ready', alt: 'front', position: 0 });
    expect(media.variants.map((v: { format: string; width: number }) => `${v.format}@${v.width}`)).toEqual(
      ['avif@320', 'webp@320', 'avif@640', 'webp@640', 'avif@1280', 'webp@1280']);
    expect(media.fallback).toMatchObject({ format: 'jpeg', width: 1280, height: 800 });
    expect(media.srcset.webp).toMatch(/^\/media\/[0-9a-f]{64}\.webp 320w, \S+ 640w, \S+ 1280w$/);

    for (const v of [...media.variants, media.fallback]) {
      const res = await h.request.get(v.url).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      const body = res.body as Buffer;
      const name = v.url.split('/').pop()!;
      expect(name).toBe(`${sha256(body)}.${v.format === 'jpeg' ? 'jpg' : v.format}`);
      expect(res.headers).toMatchObject({
        'cache-control': 'public, max-age=31536000, immutable', etag: `"${sha256(body)}"`,
        'content-type': `image/${v.format}`, 'accept-ranges': 'bytes',
      });
      const meta = await sharp(body).metadata();
      expect({ format: meta.format === 'heif' ? 'avif' : meta.format, width: meta.width, height: meta.height })
        .toEqual({ format: v.format, width: v.width, height: v.height });
      expect(meta.exif).toBeUndefined();
      expect(body.includes(Buffer.from('private-location'))).toBe(false);
    }
    // The upload itself is gone once processed: only the variants remain.
    expect((await storedKeys()).uploads).toEqual([]);
  });

  it.each([
    ['PNG with transparency', 'image/png', (img: Sharp) => img.ensureAlpha(0.5).png()],
    ['WebP', 'image/webp', (img: Sharp) => img.webp()],
    ['AVIF', 'image/avif', (img: Sharp) => img.avif({ effort: 0 })],
  ])('accepts %s and makes the same set of variants', async (_name, contentType, encode) => {
    const { token, productId } = await creatorWithProduct();
    const source = await encode(sharp(await testJpeg(500, 300))).toBuffer();
    const { put, uploadId } = await upload(token, productId, source, contentType);
    expect(put!.status).toBe(200);
    const registered = await register(token, productId, { uploadId }).expect(202);
    expect(await processMedia(jobDeps(), registered.body.id)).toBe('ready');
    const { body } = await h.request.get(`/v1/products/${productId}/media`).set(h.auth(token)).expect(200);
    expect(body.media[0].variants.map((v: { format: string; width: number }) => `${v.format}@${v.width}`))
      .toEqual(['avif@320', 'webp@320', 'avif@500', 'webp@500']);
    expect(body.media[0].fallback).toMatchObject({ format: 'jpeg', width: 500, height: 300 });
  });

  it('304 on If-None-Match, 206 on Range, 416 past the end, 404 for an unknown name', async () => {
    const { token, productId } = await creatorWithProduct();
    await addImage(token, productId);
    const { body } = await h.request.get(`/v1/products/${productId}`).set(h.auth(token)).expect(200);
    const url: string = body.media[0].fallback.url;
    const full = await h.request.get(url).expect(200);
    const size = Number(full.headers['content-length']);
    const etag = full.headers.etag!;
    const notModified = await h.request.get(url).set('if-none-match', etag).expect(304);
    expect(notModified.headers).toMatchObject({ etag, 'cache-control': 'public, max-age=31536000, immutable' });
    await h.request.get(url).set('if-none-match', `"other", ${etag}`).expect(304);
    const part = await h.request.get(url).set('range', 'bytes=10-19').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${size}`);
    expect(part.headers['content-length']).toBe('10');
    expect(part.body).toEqual((await h.mediaStorage.readBuffer(`media/${url.split('/').pop()}`)).subarray(10, 20));
    await h.request.get(url).set('range', `bytes=${size}-`).expect(416).expect('content-range', `bytes */${size}`);
    await h.request.get(url).set('range', 'bytes=5-4').expect(416);
    await h.request.get(`/media/${'0'.repeat(64)}.webp`).expect(404);
    await h.request.get('/media/not-a-hash.webp').expect(404);
  });

  it('a video: stored under its hash, poster frame when ffmpeg is here, seekable with ranges', async () => {
    const { token, productId } = await creatorWithProduct();
    const imageId = await addImage(token, productId);
    const webm = await testWebm(Boolean(grabber));
    const { put, uploadId } = await upload(token, productId, webm, 'video/webm');
    expect(put!.status).toBe(200);
    const registered = await register(token, productId, { uploadId, posterMediaId: imageId }).expect(202);
    expect(await processMedia(jobDeps(), registered.body.id)).toBe('ready');
    const { body } = await h.request.get(`/v1/products/${productId}/media`).set(h.auth(token)).expect(200);
    const video = body.media[1];
    expect(video).toMatchObject({ kind: 'video', status: 'ready', contentType: 'video/webm', bytes: webm.length, url: `/media/${sha256(webm)}.webm` });
    if (grabber) {
      expect(video.poster.fallback).toMatchObject({ format: 'jpeg', width: 320, height: 240 });
      expect(video.poster.variants).not.toEqual(body.media[0].variants); // its own frame, not the chosen image
    } else {
      expect(video.poster.variants).toEqual(body.media[0].variants); // the creator's chosen image
    }
    const res = await h.request.get(video.url).set('range', 'bytes=0-3').expect(206);
    expect(res.headers).toMatchObject({ 'content-type': 'video/webm', 'content-range': `bytes 0-3/${webm.length}` });
    await h.request.get(video.url).set('range', 'bytes=-10').expect(206).expect('content-range', `bytes ${webm.length - 10}-${webm.length - 1}/${webm.length}`);
  });

  describe('refused uploads are a clear 4xx and leave nothing behind', () => {
    async function expectNothingKept(productId: number, before: Awaited<ReturnType<typeof storedKeys>>) {
      expect(await storedKeys()).toEqual(before);
      expect(await rowsOf(productId)).toEqual({ media: 0, uploads: 0 });
    }

    it('a text file named .jpg (declared image/jpeg)', async () => {
      const { token, productId } = await creatorWithProduct();
      const before = await storedKeys();
      const { put, uploadId } = await upload(token, productId, Buffer.from('hello, I am not a picture at all'), 'image/jpeg');
      if (isS3) {
        expect(put!.status).toBe(200); // S3 takes any bytes; registration judges them
        const res = await register(token, productId, { uploadId }).expect(415);
        expect(res.body.error.code).toBe('unsupported_media_type');
      } else {
        expect(put!.status).toBe(415);
        expect(((await put!.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
        await register(token, productId, { uploadId }).expect(404);
      }
      await expectNothingKept(productId, before);
    });

    it('an oversized file: refused when declared, and when the bytes outgrow what was declared', async () => {
      const { token, productId } = await creatorWithProduct();
      const before = await storedKeys();
      const big = Buffer.concat([jpeg, Buffer.alloc(MAX_IMAGE_BYTES)]);
      const declared = await upload(token, productId, big, 'image/jpeg');
      expect(declared.ticket.status).toBe(413);
      expect(declared.ticket.body.error.code).toBe('media_too_large');
      const lying = await upload(token, productId, big, 'image/jpeg', jpeg.length);
      if (isS3) {
        // moto does not check the signed length (AWS refuses the PUT); registration catches it either way.
        const res = await register(token, productId, { uploadId: lying.uploadId });
        expect([400, 413]).toContain(res.status);
      } else {
        expect(lying.put!.status).toBe(413);
      }
      await expectNothingKept(productId, before);
    });

    it('a truncated image', async () => {
      const { token, productId } = await creatorWithProduct();
      const before = await storedKeys();
      const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
      const { put, uploadId } = await upload(token, productId, truncated, 'image/jpeg');
      const res = isS3 ? await register(token, productId, { uploadId }) : put!;
      expect(res.status).toBe(422);
      const json = (isS3 ? (res as { body: unknown }).body : await (res as Response).json()) as { error: { code: string } };
      expect(json.error.code).toBe('undecodable_image');
      await expectNothingKept(productId, before);
    });

    it("another creator's product: 404 for the ticket, the registration, reorder and removal", async () => {
      const owner = await creatorWithProduct();
      const mediaId = await addImage(owner.token, owner.productId);
      const other = await h.createUser('creator');
      const before = await storedKeys();
      const ticket = await h.request.post(`/v1/products/${owner.productId}/media/uploads`).set(h.auth(other.token)).send({ contentType: 'image/jpeg', bytes: 100 });
      expect(ticket.status).toBe(404);
      expect(ticket.body.error.code).toBe('product_not_found');
      // Even with an upload of the owner's in hand.
      const { uploadId } = await upload(owner.token, owner.productId, jpeg, 'image/jpeg');
      expect((await register(other.token, owner.productId, { uploadId }).expect(404)).body.error.code).toBe('product_not_found');
      await h.request.put(`/v1/products/${owner.productId}/media/order`).set(h.auth(other.token)).send({ mediaIds: [mediaId] }).expect(404);
      await h.request.delete(`/v1/products/${owner.productId}/media/${mediaId}`).set(h.auth(other.token)).expect(404);
      const shopper = await h.createUser('shopper');
      await h.request.post(`/v1/products/${owner.productId}/media/uploads`).set(h.auth(shopper.token)).send({ contentType: 'image/jpeg', bytes: 100 }).expect(403);
      expect((await storedKeys()).media).toEqual(before.media);
      expect(await h.knex('product_media').where({ product_id: owner.productId }).whereNull('deleted_at').pluck('id')).toEqual([mediaId]);
      // The owner's pending upload is still theirs to register (and the only new object).
      await register(owner.token, owner.productId, { uploadId }).expect(202);
    });

    it('400 for bad input: unknown type, zero bytes, wrong upload id shape, a poster on an image', async () => {
      const { token, productId } = await creatorWithProduct();
      for (const body of [{ contentType: 'image/gif', bytes: 10 }, { contentType: 'image/jpeg', bytes: 0 }, { contentType: 'image/jpeg' }]) {
        expect((await h.request.post(`/v1/products/${productId}/media/uploads`).set(h.auth(token)).send(body).expect(400)).body.error.code).toBe('validation_failed');
      }
      await register(token, productId, { uploadId: 'x' }).expect(400);
      const { uploadId } = await upload(token, productId, jpeg, 'image/jpeg');
      expect((await register(token, productId, { uploadId, posterMediaId: 1 }).expect(409)).body.error.code).toBe('poster_not_allowed');
    });
  });

  it('reorder and remove (by the creator or ops); the one-time upload URL works once', async () => {
    const { token, productId } = await creatorWithProduct();
    const a = await addImage(token, productId);
    const b = await addImage(token, productId, await testJpeg(800, 600));
    const reordered = await h.request.put(`/v1/products/${productId}/media/order`).set(h.auth(token)).send({ mediaIds: [b, a] }).expect(200);
    expect(reordered.body.media.map((m: { id: number }) => m.id)).toEqual([b, a]);
    expect((await h.request.put(`/v1/products/${productId}/media/order`).set(h.auth(token)).send({ mediaIds: [a] }).expect(400)).body.error.code).toBe('media_order_mismatch');
    const ops = await h.createUser('ops');
    await h.request.delete(`/v1/products/${productId}/media/${b}`).set(h.auth(ops.token)).expect(204);
    await h.request.delete(`/v1/products/${productId}/media/${b}`).set(h.auth(token)).expect(404);
    expect((await h.request.get(`/v1/products/${productId}/media`).set(h.auth(token)).expect(200)).body.media.map((m: { id: number }) => m.id)).toEqual([a]);
    if (!isS3) {
      const { ticket } = await upload(token, productId, jpeg, 'image/jpeg');
      const again = await fetch(`${h.url}${ticket.body.url}`, { method: 'PUT', body: jpeg, headers: { 'content-type': 'image/jpeg' } });
      expect(again.status).toBe(404);
    }
  });

  it('GC removes only unreferenced objects, after the grace period, and expired uploads', async () => {
    const { token, productId } = await creatorWithProduct();
    const kept = await addImage(token, productId, await testJpeg(700, 500));
    const removed = await addImage(token, productId, await testJpeg(600, 400));
    const doomed = await creatorWithProduct();
    await addImage(doomed.token, doomed.productId, await testJpeg(500, 300));
    const keysOf = async (mediaId: number) => (await h.knex('media_variants').where({ media_id: mediaId }).pluck('object_key')) as string[];
    const doomedMedia = await h.knex('product_media').where({ product_id: doomed.productId }).pluck('id');
    const [keptKeys, removedKeys, doomedKeys] = [await keysOf(kept), await keysOf(removed), await keysOf(Number(doomedMedia[0]))];
    const { uploadId: abandoned } = await upload(token, productId, jpeg, 'image/jpeg');

    await h.request.delete(`/v1/products/${productId}/media/${removed}`).set(h.auth(token)).expect(204);
    await h.request.delete(`/v1/products/${doomed.productId}`).set(h.auth(doomed.token)).expect(204);
    const gc = (nowMs: number) => collectGarbage({ knex: h.knex, storage: h.mediaStorage, logger: testLogger(), graceS: 3600 }, nowMs);

    await gc(Date.now());
    const present = async (keys: string[]) => (await Promise.all(keys.map((k) => h.mediaStorage.stat(k)))).every(Boolean);
    expect(await present([...keptKeys, ...removedKeys, ...doomedKeys])).toBe(true); // still within the grace period
    expect(await h.mediaStorage.stat(`uploads/${abandoned}`)).toBeDefined();

    await gc(Date.now() + 3600_000 + h.config.MEDIA_UPLOAD_TTL_S * 1000 + 60_000);
    expect(await present(keptKeys)).toBe(true);
    for (const key of [...removedKeys, ...doomedKeys]) expect(await h.mediaStorage.stat(key)).toBeUndefined();
    expect(await h.knex('media_objects').whereIn('object_key', [...removedKeys, ...doomedKeys]).count({ n: '*' }).first().then((r) => Number(r?.n))).toBe(0);
    expect(await h.mediaStorage.stat(`uploads/${abandoned}`)).toBeUndefined();
    expect(await h.knex('media_uploads').where({ id: abandoned }).first()).toBeUndefined();
    for (const v of (await h.request.get(`/v1/products/${productId}`).set(h.auth(token)).expect(200)).body.media[0].variants) {
      await h.request.get(v.url).expect(200);
    }
  });
});
