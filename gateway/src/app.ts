import { Router, type Express } from 'express';
import { createBaseApp, finishApp, type BaseAppDeps, type FastPath, type Knex, type Redis } from '@livedrop/common';
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
import { createJoinFastPath } from './routes/queue-fast-path';
import { createReadProxyFastPath } from './routes/read-proxy-fast-path';
import { createMediaFastPath } from './routes/media-fast-path';
import { mountOpsBoard, type OpsBoard } from './ops/ops-board';
import { buildGatewayServices, type GatewayServiceDeps, type GatewayServices } from './services';

export interface GatewayDeps extends BaseAppDeps, GatewayServiceDeps {
  /** Bull Board over the BullMQ queues (created by main.ts, which closes it); absent: no board is mounted. */
  opsBoard?: OpsBoard;
}

/**
 * What every route module receives: the router mounted at /v1, the OpenAPI registry, the built services
 * (with the few settings a route reads), and the connections its repositories use. No Config.
 */
export interface RouteContext extends GatewayServices {
  knex: Knex;
  redis: Redis;
  router: Router;
  api: ApiRegistry;
}

export const API_PREFIX = '/v1';

/**
 * Which path serves what. The server's listener (main.ts: `withFastPaths(app, ...gatewayFastPaths(...))`)
 * tries these first, in this order; each answers what its Express route answers (same body, errors, request
 * id, access log and metrics — `gateway/test/fast-path-parity.int.test.ts`) and leaves anything it does not
 * recognise to Express, where the declared route stays the documented, validated fallback:
 *   POST /v1/drops/:dropId/queue     (join)        fast: routes/queue-fast-path.ts       Express: routes/queue-routes.ts
 *   GET  /v1/catalog/drops/:dropId   (drop page)   fast: routes/read-proxy-fast-path.ts  Express: routes/read-proxy.ts
 *   GET  /media/:name                (images)      fast: routes/media-fast-path.ts       Express: routes/media-delivery-routes.ts
 */
export function gatewayFastPaths(services: GatewayServices, deps: Pick<BaseAppDeps, 'logger' | 'metrics'>): FastPath[] {
  return [
    createJoinFastPath(services, deps),
    createReadProxyFastPath(services, deps),
    createMediaFastPath(services, deps),
  ];
}

/**
 * Builds the gateway's Express app without listening, so tests can mount it on port 0. main.ts passes the
 * services it also hands to the fast paths and WebSockets; tests may leave them out.
 */
export function buildGatewayApp(deps: GatewayDeps, services: GatewayServices = buildGatewayServices(deps)): Express {
  const app = createBaseApp({ ...deps, trustProxy: services.trustProxy, opsAccess: opsRoleAccess(services.tokens) });
  const ctx: RouteContext = { ...services, knex: deps.knex, redis: deps.redis, router: Router(), api: new ApiRegistry() };
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
  registerOpsConsoleRoutes(ctx);
  registerCreatorRoutes(ctx);
  if (deps.opsBoard) mountOpsBoard(app, deps.opsBoard, services.boardSessions);
  ctx.api.rejectOtherMethods(ctx.router);

  app.use(API_PREFIX, ctx.router);
  registerMediaDelivery(app, ctx);
  const api = openApiDocument(ctx.api, { title: 'LiveDrop API', version: '1.0.0' }, API_PREFIX);
  const openapi = { ...api, paths: { ...api.paths, ...mediaDeliveryDoc } };
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  serveWebApp(app, services.settings.WEB_DIST_DIR);
  return finishApp(app);
}
