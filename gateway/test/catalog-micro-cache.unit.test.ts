import { createMicroCache, type UpstreamAnswer } from '../src/routes/catalog-micro-cache';

const ok = (etag: string, text = etag): UpstreamAnswer => ({ status: 200, headers: { etag, 'content-type': 'application/json' }, body: Buffer.from(text) });

describe('catalog micro-cache', () => {
  it('replays a 200 with an ETag until ttlMs has passed, then loads again', async () => {
    let t = 1_000;
    const cache = createMicroCache({ ttlMs: 100, now: () => t });
    const load = jest.fn().mockResolvedValueOnce(ok('"a"')).mockResolvedValueOnce(ok('"b"'));
    expect((await cache.get('/d/1', load)).headers.etag).toBe('"a"');
    t += 99;
    expect((await cache.get('/d/1', load)).headers.etag).toBe('"a"');
    expect(load).toHaveBeenCalledTimes(1);
    t += 1;
    expect((await cache.get('/d/1', load)).headers.etag).toBe('"b"');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('shares one upstream request among concurrent misses of a key, not across keys', async () => {
    const cache = createMicroCache({ ttlMs: 100 });
    let release!: (a: UpstreamAnswer) => void;
    const load = jest.fn(() => new Promise<UpstreamAnswer>((resolve) => { release = resolve; }));
    const waiting = [cache.get('/d/1', load), cache.get('/d/1', load), cache.get('/d/1', load)];
    expect(load).toHaveBeenCalledTimes(1);
    release(ok('"x"'));
    const answers = await Promise.all(waiting);
    expect(answers.map((a) => a.headers.etag)).toEqual(['"x"', '"x"', '"x"']);
    const other = jest.fn().mockResolvedValue(ok('"y"'));
    expect((await cache.get('/d/2', other)).headers.etag).toBe('"y"');
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('never keeps errors, 404s or answers without an ETag', async () => {
    const cache = createMicroCache({ ttlMs: 100 });
    const notFound: UpstreamAnswer = { status: 404, headers: {}, body: Buffer.from('{}') };
    const noTag: UpstreamAnswer = { status: 200, headers: {}, body: Buffer.from('{}') };
    const load = jest.fn().mockResolvedValueOnce(notFound).mockResolvedValueOnce(noTag).mockResolvedValueOnce(ok('"z"'));
    expect((await cache.get('/d/1', load)).status).toBe(404);
    expect((await cache.get('/d/1', load)).headers.etag).toBeUndefined();
    expect((await cache.get('/d/1', load)).headers.etag).toBe('"z"');
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('a failed load reaches every waiter and is not remembered', async () => {
    const cache = createMicroCache({ ttlMs: 100 });
    const load = jest.fn().mockRejectedValueOnce(new Error('read-api down')).mockResolvedValueOnce(ok('"a"'));
    await expect(Promise.all([cache.get('/d/1', load), cache.get('/d/1', load)])).rejects.toThrow('read-api down');
    expect((await cache.get('/d/1', load)).headers.etag).toBe('"a"');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries keys, dropping the oldest', async () => {
    const cache = createMicroCache({ ttlMs: 1_000, maxEntries: 2 });
    const load = jest.fn((etag: string) => Promise.resolve(ok(etag)));
    await cache.get('/d/1', () => load('"1"'));
    await cache.get('/d/2', () => load('"2"'));
    await cache.get('/d/3', () => load('"3"'));
    await cache.get('/d/3', () => load('"3b"'));
    await cache.get('/d/2', () => load('"2b"'));
    expect(load).toHaveBeenCalledTimes(3);
    expect((await cache.get('/d/1', () => load('"1b"'))).headers.etag).toBe('"1b"');
  });

  it('with ttlMs 0 says it is off', () => {
    expect(createMicroCache({ ttlMs: 0 }).enabled).toBe(false);
    expect(createMicroCache({ ttlMs: 1 }).enabled).toBe(true);
  });
});
