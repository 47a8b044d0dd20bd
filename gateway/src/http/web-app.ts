import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';

/** Paths the web app must never shadow: the API, its document, the socket and the ops endpoints. */
const NOT_THE_APP = /^\/(?:v1(?:\/|$)|ws$|openapi\.json$|healthz$|readyz$|metrics$|assets\/)/;

const about = (_req: Request, res: Response) => {
  res.json({ service: 'livedrop-gateway', api: '/v1', docs: '/openapi.json' });
};

/**
 * Serves the built web app (web/dist) on the API's origin, so the app needs no CORS and no API URL.
 * Vite's hashed files under /assets never change → cached for a year, `immutable`; index.html is
 * revalidated on every load (`no-cache` + ETag) so a deploy is picked up at once; any other GET that
 * is not an API path is a client-side route and gets index.html. Without a build `/` answers JSON.
 */
export function serveWebApp(app: Express, distDir: string): void {
  app.get('/v1', about);
  const dir = resolve(distDir);
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', about);
    return;
  }
  app.use('/assets', express.static(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  app.use(express.static(dir, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, path) => { if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache'); },
  }));
  app.get(/.*/, (req, res, next) => {
    if (NOT_THE_APP.test(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index, (err) => { if (err) next(err); });
  });
}
