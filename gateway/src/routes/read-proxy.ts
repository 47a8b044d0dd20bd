import { Agent, request, type ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { AppError } from '@livedrop/common';
import {
  creatorParams, creatorResponse, dropDetailResponse, dropListQuery, dropListResponse, dropParams, etagMatches as matches, productParams,
  productResponse,
} from '@livedrop/read-api';
import type { RouteContext } from '../app';
import { createMicroCache, type MicroCache, type UpstreamAnswer } from './catalog-micro-cache';

const UPSTREAM_TIMEOUT_MS = 5000;
// retry-after: read-api's 503 for a dependency it cannot reach tells the client when to come back.
const PASSED_BACK = ['content-type', 'content-length', 'etag', 'cache-control', 'retry-after'] as const;

export interface ReadApiUpstream {
  url: URL;
  agent: Agent;
  /** A drop's detail, replayed for CATALOG_MICROCACHE_MS (see catalog-micro-cache.ts). */
  detailCache: MicroCache;
}

export const readApiUpstream = (readApiUrl: string, microcacheMs: number): ReadApiUpstream => ({
  url: new URL(readApiUrl), agent: new Agent({ keepAlive: true, maxSockets: 128 }), detailCache: createMicroCache({ ttlMs: microcacheMs }),
});

/**
 * One GET to read-api, its answer read whole (catalog answers are a few kB): status, the passed-back headers,
 * the body. Rejects with a 502/504 AppError when read-api is down or slow, before anything was sent.
 */
export function fetchFromReadApi(upstream: ReadApiUpstream, path: string, requestId: string, ifNoneMatch?: string): Promise<UpstreamAnswer> {
  return new Promise<UpstreamAnswer>((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json', 'x-request-id': requestId };
    if (ifNoneMatch) headers['if-none-match'] = ifNoneMatch;
    const outgoing = request(
      { host: upstream.url.hostname, port: upstream.url.port || 80, method: 'GET', path, headers, agent: upstream.agent, timeout: UPSTREAM_TIMEOUT_MS },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const kept: Record<string, string> = {};
          for (const name of PASSED_BACK) {
            const value = incoming.headers[name];
            if (typeof value === 'string') kept[name] = value;
          }
          resolve({ status: incoming.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new AppError(504, 'read_api_timeout', 'the catalog service did not answer in time')));
    outgoing.on('error', (err) =>
      reject(err instanceof AppError ? err : new AppError(502, 'read_api_unavailable', 'the catalog service is unavailable')));
    outgoing.end();
  });
}

const send = (res: ServerResponse, answer: UpstreamAnswer) => {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
};

/** Forwards one GET to read-api and passes its answer (status, ETag, Cache-Control, 304s, body) back. */
export async function forwardToReadApi(upstream: ReadApiUpstream, path: string, requestId: string, ifNoneMatch: string | undefined, res: ServerResponse) {
  send(res, await fetchFromReadApi(upstream, path, requestId, ifNoneMatch));
}

/**
 * GET of a drop's detail through the micro-cache when it is on (else the plain forward): the client's
 * If-None-Match is judged here against read-api's ETag, so a replayed answer keeps the 304 semantics.
 */
export async function serveDropDetail(
  upstream: ReadApiUpstream, path: string, requestId: string, ifNoneMatch: string | undefined, res: ServerResponse,
): Promise<void> {
  const cache = upstream.detailCache;
  if (!cache.enabled) return forwardToReadApi(upstream, path, requestId, ifNoneMatch, res);
  const answer = await cache.get(path, () => fetchFromReadApi(upstream, path, requestId));
  const etag = answer.headers.etag;
  if (answer.status === 200 && etag && matches(ifNoneMatch, etag)) {
    const cacheControl = answer.headers['cache-control'];
    res.writeHead(304, cacheControl ? { etag, 'cache-control': cacheControl } : { etag });
    res.end();
    return;
  }
  send(res, answer);
}

/**
 * Public browsing is served by read-api (cached in Redis); the gateway forwards `/v1/catalog/*` there
 * over kept-alive connections and passes status, ETag, Cache-Control and 304s straight back. Requests
 * are validated here too, so bad ids never cross the hop and /openapi.json documents the routes.
 * (GET /v1/catalog/drops/:id with a well-formed id is normally taken earlier by `read-proxy-fast-path.ts`.)
 */
export function registerReadProxyRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const forward = (req: Request, res: Response) => forwardToReadApi(ctx.readApi, req.originalUrl, req.id, req.header('if-none-match'), res);
  // The drop detail goes through the micro-cache on both paths (here and read-proxy-fast-path.ts): one, in ctx.readApi.
  // Keyed by the canonical path: a query string (read-api ignores it) must not make a cache entry of its own.
  const forwardDetail = (req: Request, res: Response, { params }: { params: { dropId: number } }) =>
    serveDropDetail(ctx.readApi, `/v1/catalog/drops/${params.dropId}`, req.id, req.header('if-none-match'), res);

  const cached = { 304: { description: 'Not modified (If-None-Match matched the ETag)' } };
  api.addRoute(router, {
    method: 'get', path: '/catalog/drops', tag: 'catalog', summary: 'Live and upcoming drops (cached; keyset pagination via nextCursor)',
    query: dropListQuery,
    responses: { 200: { description: 'A page of drops', schema: dropListResponse }, ...cached },
  }, forward);
  api.addRoute(router, {
    method: 'get', path: '/catalog/drops/:dropId', tag: 'catalog',
    summary: 'A drop: status, times, stock left (live), seed hash, and the seed once the drop has started',
    params: dropParams,
    responses: { 200: { description: 'The drop', schema: dropDetailResponse }, ...cached, 404: { description: 'drop_not_found' } },
  }, forwardDetail);
  api.addRoute(router, {
    method: 'get', path: '/catalog/products/:productId', tag: 'catalog', summary: 'A product (not deleted)',
    params: productParams,
    responses: { 200: { description: 'The product', schema: productResponse }, ...cached, 404: { description: 'product_not_found' } },
  }, forward);
  api.addRoute(router, {
    method: 'get', path: '/catalog/creators/:creatorId', tag: 'catalog',
    summary: "A creator's public page: profile, products, current drops, follower count",
    params: creatorParams,
    responses: { 200: { description: 'The creator', schema: creatorResponse }, ...cached, 404: { description: 'creator_not_found' } },
  }, forward);
}
