import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { serveWebApp } from '../src/http/web-app';

function appWith(distDir: string) {
  const app = express();
  app.get('/openapi.json', (_req, res) => { res.json({ openapi: '3.1.0' }); });
  app.get('/healthz', (_req, res) => { res.json({ ok: true }); });
  serveWebApp(app, distDir);
  app.use((_req, res) => { res.status(404).json({ error: { code: 'route_not_found', message: 'no route' } }); });
  return app;
}

describe('the gateway serving the web app', () => {
  let dist: string;
  beforeAll(() => {
    dist = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>LiveDrop</title>');
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('serves hashed assets as immutable for a year', async () => {
    const res = await request(appWith(dist)).get('/assets/index-abc123.js').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves index.html at / revalidated on every load', async () => {
    const app = appWith(dist);
    const res = await request(app).get('/').expect(200);
    expect(res.text).toContain('<title>LiveDrop</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers.etag).toBeDefined();
    await request(app).get('/').set('if-none-match', res.headers.etag as string).expect(304);
  });

  it('falls back to index.html for client-side routes', async () => {
    const res = await request(appWith(dist)).get('/drops/42').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('never shadows the API, the document, health or missing assets', async () => {
    const app = appWith(dist);
    const apiMiss = await request(app).get('/v1/nothing-here').expect(404);
    expect(apiMiss.body.error.code).toBe('route_not_found');
    await request(app).get('/assets/missing-1234.js').expect(404);
    expect((await request(app).get('/openapi.json').expect(200)).body).toEqual({ openapi: '3.1.0' });
    expect((await request(app).get('/healthz').expect(200)).body).toEqual({ ok: true });
    expect((await request(app).get('/v1').expect(200)).body).toMatchObject({ api: '/v1', docs: '/openapi.json' });
  });

  it('answers JSON at / when the web app is not built', async () => {
    const res = await request(appWith(join(dist, 'missing'))).get('/').expect(200);
    expect(res.body).toMatchObject({ service: 'livedrop-gateway', api: '/v1' });
    await request(appWith(join(dist, 'missing'))).get('/drops/42').expect(404);
  });
});
