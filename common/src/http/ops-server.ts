import { createServer, type Server } from 'node:http';
import type { Logger } from '../logger';
import { createBaseApp, finishApp } from './base-app';
import type { HealthState, ReadinessCheck } from './health';
import { listen } from './listen';
import type { Metrics } from './metrics';

/** Workers have no public API but still answer /healthz, /readyz and /metrics for probes and Prometheus. */
export async function startOpsServer(opts: {
  logger: Logger;
  metrics: Metrics;
  checks: Record<string, ReadinessCheck>;
  health: HealthState;
  host: string;
  port: number;
  portKey: string;
}): Promise<{ server: Server; port: number }> {
  const app = finishApp(createBaseApp(opts));
  const server = createServer(app);
  const port = await listen(server, opts.port, opts.host, opts.portKey);
  opts.logger.info({ port }, 'ops server listening');
  return { server, port };
}
