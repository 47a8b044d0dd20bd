import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalStorage, createS3Storage, MediaObjectMissing, streamToBuffer, type MediaStorage } from '../../src';
import { testConfig, uniqueSuffix } from '../../../test/support/test-env';

// The same contract on both drivers; the S3 one talks to the real local S3 server (moto, scripts/infra-up.sh).
const drivers: [string, () => Promise<{ storage: MediaStorage; cleanup(): Promise<void> }>][] = [
  ['local disk', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'livedrop-media-'));
    return { storage: createLocalStorage(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
  }],
  ['S3 (local moto server)', async () => {
    const c = testConfig();
    const storage = createS3Storage({
      endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket: `livedrop-test-${uniqueSuffix()}`,
      accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY, forcePathStyle: c.S3_FORCE_PATH_STYLE,
    });
    await storage.ensureBucket();
    return {
      storage,
      cleanup: async () => {
        await storage.delete([...await storage.list('media/'), ...await storage.list('uploads/')]);
        storage.close();
      },
    };
  }],
];

describe.each(drivers)('media storage: %s', (_name, make) => {
  let storage: MediaStorage;
  let cleanup: () => Promise<void>;
  beforeAll(async () => { ({ storage, cleanup } = await make()); });
  afterAll(async () => { await cleanup(); });

  const bytes = Buffer.from('0123456789abcdefghij');

  it('puts, stats, reads whole and ranged, lists and deletes', async () => {
    await storage.put('media/a.webp', bytes, 'image/webp');
    expect(await storage.stat('media/a.webp')).toEqual({ bytes: bytes.length });
    expect(await storage.readBuffer('media/a.webp')).toEqual(bytes);
    expect(await streamToBuffer(await storage.read('media/a.webp', { start: 5, end: 9 }))).toEqual(Buffer.from('56789'));
    expect(await storage.readBuffer('media/a.webp', 4)).toEqual(Buffer.from('0123'));
    expect(await storage.list('media/')).toEqual(['media/a.webp']);
    await storage.delete(['media/a.webp', 'media/never-there.webp']);
    expect(await storage.stat('media/a.webp')).toBeUndefined();
    expect(await storage.list('media/')).toEqual([]);
  });

  it('a missing object: stat undefined, read rejects with MediaObjectMissing', async () => {
    expect(await storage.stat('uploads/nothing')).toBeUndefined();
    await expect(storage.read('uploads/nothing')).rejects.toBeInstanceOf(MediaObjectMissing);
  });

  it('refuses keys outside media/ and uploads/ or with path tricks', async () => {
    for (const key of ['../etc/passwd', 'media/../x', '/abs', 'other/x', 'media/']) {
      await expect(storage.put(key, bytes, 'image/webp')).rejects.toThrow(/invalid media object key/);
    }
  });
});

it('S3 presigned PUT: a plain HTTP PUT with the signed type and length stores the object', async () => {
  const [, make] = drivers[1]!;
  const { storage, cleanup } = await make();
  try {
    const body = Buffer.from('presigned body');
    const url = await storage.presignPut!('uploads/presigned-1', 'image/png', body.length, 60);
    expect(url).toMatch(/X-Amz-Signature=/);
    // The bucket it created lets a browser on another origin PUT there (CORS preflight).
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    const res = await fetch(url, { method: 'PUT', body, headers: { 'content-type': 'image/png' } });
    expect(res.status).toBe(200);
    expect(await storage.readBuffer('uploads/presigned-1')).toEqual(body);
  } finally {
    await cleanup();
  }
});

it('S3 presigned URLs name S3_PUBLIC_ENDPOINT when the browser reaches the store elsewhere (compose)', async () => {
  const c = testConfig();
  const storage = createS3Storage({
    endpoint: c.S3_ENDPOINT, publicEndpoint: 'http://localhost:9000', region: c.S3_REGION, bucket: 'livedrop-media',
    accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true,
  });
  try {
    const url = new URL(await storage.presignPut!('uploads/x1', 'image/png', 10, 60));
    expect(url.origin).toBe('http://localhost:9000');
    expect(url.pathname).toBe('/livedrop-media/uploads/x1');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
  } finally {
    storage.close();
  }
});

it('two processes booting together both ensure the same new bucket without failing', async () => {
  const c = testConfig();
  const bucket = `livedrop-test-${uniqueSuffix()}`;
  const make = () => createS3Storage({
    endpoint: c.S3_ENDPOINT, region: c.S3_REGION, bucket, accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY, forcePathStyle: true,
  });
  const [a, b] = [make(), make()];
  try {
    await Promise.all([a.ensureBucket(), b.ensureBucket(), a.ensureBucket()]);
    await a.put('media/shared.webp', Buffer.from('x'), 'image/webp');
    expect(await b.stat('media/shared.webp')).toEqual({ bytes: 1 });
    await a.delete(['media/shared.webp']);
  } finally {
    a.close();
    b.close();
  }
});
