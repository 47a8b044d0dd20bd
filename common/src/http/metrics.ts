import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';

/** A registry per process (no global singleton), with Node's default metrics and HTTP timings. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = httpDuration.startTimer();
    // The matched route pattern, not the raw URL, keeps label cardinality bounded. It is read when the router
    // matches (the `req.route` assignment): by the time an error is answered the request has left the mounted
    // router and `req.baseUrl` no longer holds its prefix (a 401 under /v1 would count as `/drops/:dropId/...`).
    let matched: { path: string } | undefined;
    let route = 'unmatched';
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => matched,
      set: (value: { path: string }) => {
        matched = value;
        route = `${req.baseUrl}${value.path}`;
      },
    });
    res.on('finish', () => {
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  const handler: RequestHandler = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.send(await registry.metrics());
  };
  // httpDuration: the fast paths (`fast-path.ts`) observe the same histogram under the Express route's label.
  return { registry, middleware, handler, httpDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;
