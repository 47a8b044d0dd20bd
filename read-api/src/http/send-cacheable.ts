import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

export interface Freshness {
  /** Seconds a browser or CDN may reuse the answer. */
  maxAge: number;
  /** Seconds it may serve a stale copy while refetching in the background. */
  staleWhileRevalidate: number;
}

export const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/** If-None-Match holds a list of tags (maybe weak, maybe `*`); any match means the client's copy is current. */
export function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export const cacheControl = (freshness: Freshness) =>
  `public, max-age=${freshness.maxAge}, stale-while-revalidate=${freshness.staleWhileRevalidate}`;

/**
 * Sends JSON text with an ETag of exactly these bytes and Cache-Control; answers 304 when the client has it.
 * `etag` is the caller's precomputed tag of `body` (saves the sha1 when it kept one).
 */
export function sendCacheable(req: Request, res: Response, body: string, freshness: Freshness, etag = etagOf(body)): void {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', cacheControl(freshness));
  if (matches(req.header('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  res.type('application/json').send(body);
}
