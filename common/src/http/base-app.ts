import express, { type Express } from 'express';
import { errorHandler, notFoundHandler } from '../errors/error-handler';
import type { Logger } from '../logger';
import { clientAddress, type TrustProxy } from './client-address';
import { forbidden } from '../errors/app-error';
import { healthRouter, type HealthState, type OpsAccess, type ReadinessCheck } from './health';
import type { Metrics } from './metrics';
import { requestContext } from './request-context';

export interface BaseAppDeps {
  logger: Logger;
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  health: HealthState;
  /** Which peers may name the client in X-Forwarded-For (compileTrustProxy(config.TRUST_PROXY)); none by default. */
  trustProxy?: TrustProxy;
  /** Who may see /metrics and readiness detail on this port; absent = everyone (an ops-only port). */
  opsAccess?: OpsAccess;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** The client's address by the process's TRUST_PROXY rule (the one per-IP limits use). */
    clientIp: string;
  }
}

/** What every HTTP process shares: request ids, metrics, JSON bodies, /healthz, /readyz, /metrics. */
export function createBaseApp({ logger, metrics, checks, health, trustProxy = () => false, opsAccess }: BaseAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-For counts only from the configured proxies (TRUST_PROXY), for req.ip and req.clientIp alike.
  app.set('trust proxy', trustProxy);
  app.use((req, _res, next) => {
    req.clientIp = clientAddress(req, trustProxy);
    next();
  });
  app.set('etag', false); // read-api sets its own ETags
  app.use(requestContext(logger));
  app.use(metrics.middleware);
  app.use(healthRouter(checks, health, opsAccess));
  app.get('/metrics', async (req, res, next) => {
    if (opsAccess && !(await opsAccess(req))) throw forbidden('ops_only', 'metrics are served on the ops port or to the ops role');
    return metrics.handler(req, res, next);
  });
  app.use(express.json({ limit: '64kb', strict: true }));
  return app;
}

/** Call after the routes: unknown paths become 404s and every error gets the same JSON shape. */
export function finishApp(app: Express): Express {
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
