import express, { type Express } from 'express';
import { errorHandler, notFoundHandler } from '../errors/error-handler';
import type { Logger } from '../logger';
import { healthRouter, type HealthState, type ReadinessCheck } from './health';
import type { Metrics } from './metrics';
import { requestContext } from './request-context';

export interface BaseAppDeps {
  logger: Logger;
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  health: HealthState;
}

/** What every HTTP process shares: request ids, metrics, JSON bodies, /healthz, /readyz, /metrics. */
export function createBaseApp({ logger, metrics, checks, health }: BaseAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback'); // real client IPs for rate limits behind a local proxy only
  app.set('etag', false); // read-api sets its own ETags
  app.use(requestContext(logger));
  app.use(metrics.middleware);
  app.use(healthRouter(checks, health));
  app.get('/metrics', metrics.handler);
  app.use(express.json({ limit: '64kb', strict: true }));
  return app;
}

/** Call after the routes: unknown paths become 404s and every error gets the same JSON shape. */
export function finishApp(app: Express): Express {
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
