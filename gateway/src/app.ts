import { Router, type Express } from 'express';
import { compileTrustProxy, createBaseApp, createLocalStorage, finishApp, type BaseAppDeps, type Config, type Knex, type MediaStorage, type Redis } from '@livedrop/common';
import type { Client } from '@temporalio/client';
import { createAccessTokens, type AccessTokens } from './auth/access-token';
import { ApiRegistry, openApiDocument } from './http/api-routes';
import { opsRoleAccess } from './auth/ops-access';
import { serveWebApp } from './http/web-app';
import { registerAuthRoutes } from './routes/auth-routes';
import { registerFollowRoutes } from './routes/follow-routes';
import { registerProductRoutes } from './routes/product-routes';
import { registerDropRoutes } from './routes/drop-routes';
import { registerQueueRoutes } from './routes/queue-routes';
import { registerOpsRoutes } from './routes/ops-routes';
import { registerReadProxyRoutes } from './routes/read-proxy';
import { registerNotificationRoutes } from './routes/notification-routes';
import { registerOrderRoutes } from './routes/order-routes';
import { registerMediaRoutes } from './routes/media-routes';
import { mediaDeliveryDoc, registerMediaDelivery } from './routes/media-delivery-routes';
import { registerOpsConsoleRoutes } from './routes/ops-console-routes';
import { registerCreatorRoutes } from './routes/creator-routes';
import { createBoardSessions } from './ops/board-session';
import type { OrderSagaStarter } from './orders/order-saga-starter';
import { mountOpsBoard, type OpsBoard } from './ops/ops-board';
import type { MediaDelivery } from './media/media-delivery';

export interface GatewayDeps extends BaseAppDeps {
  config: Config;
  knex: Knex;
  redis: Redis;
  temporal: Client;
  /** Who starts accepted orders' sagas; absent: a group-commit starter on the Temporal client (tests inject faults). */
  orderSagas?: OrderSagaStarter;
  /** Bull Board over the BullMQ queues (created by main.ts, which closes it); absent: no board is mounted. */
  opsBoard?: OpsBoard;
  /** Where media bytes live; main.ts builds it with createMediaStorage (optional only for the local store). */
  mediaStorage?: MediaStorage;
  /** The /media responder shared with the fast path (main.ts); built here when absent (tests). */
  mediaDelivery?: MediaDelivery;
}

/** What every route module receives: the router mounted at /v1, the OpenAPI registry and shared services. */
export interface RouteContext extends GatewayDeps {
  mediaStorage: MediaStorage;
  router: Router;
  api: ApiRegistry;
  tokens: AccessTokens;
}

export const API_PREFIX = '/v1';

/** A local directory needs no connection, so callers that do not care about media may leave the store out. */
function defaultLocalStorage(config: Config): MediaStorage {
  if (config.MEDIA_STORAGE !== 'local') throw new Error('MEDIA_STORAGE=s3: pass the store built by createMediaStorage(config)');
  return createLocalStorage(config.MEDIA_LOCAL_DIR);
}

/** Builds the gateway's Express app without listening, so tests can mount it on port 0. */
export function buildGatewayApp(deps: GatewayDeps): Express {
  const tokens = createAccessTokens(deps.config.JWT_SECRET, deps.config.ACCESS_TOKEN_TTL_S);
  const app = createBaseApp({ ...deps, trustProxy: compileTrustProxy(deps.config.TRUST_PROXY), opsAccess: opsRoleAccess(tokens) });
  const ctx: RouteContext = {
    ...deps,
    mediaStorage: deps.mediaStorage ?? defaultLocalStorage(deps.config),
    router: Router(),
    api: new ApiRegistry(),
    tokens,
  };
  // Route modules register here, one line each: registerXRoutes(ctx);
  registerAuthRoutes(ctx);
  registerFollowRoutes(ctx);
  registerProductRoutes(ctx);
  registerDropRoutes(ctx);
  registerQueueRoutes(ctx);
  registerOpsRoutes(ctx);
  registerReadProxyRoutes(ctx);
  registerNotificationRoutes(ctx);
  registerOrderRoutes(ctx);
  registerMediaRoutes(ctx);
  const boardSessions = createBoardSessions(deps.config.JWT_SECRET);
  registerOpsConsoleRoutes(ctx, boardSessions);
  registerCreatorRoutes(ctx);
  if (deps.opsBoard) mountOpsBoard(app, deps.opsBoard, boardSessions);
  ctx.api.rejectOtherMethods(ctx.router);

  app.use(API_PREFIX, ctx.router);
  registerMediaDelivery(app, ctx);
  const api = openApiDocument(ctx.api, { title: 'LiveDrop API', version: '1.0.0' }, API_PREFIX);
  const openapi = { ...api, paths: { ...api.paths, ...mediaDeliveryDoc } };
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  serveWebApp(app, deps.config.WEB_DIST_DIR);
  return finishApp(app);
}
