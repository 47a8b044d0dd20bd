import type { Express } from 'express';
import { createBaseApp, finishApp, type BaseAppDeps, type Config, type Knex, type Redis } from '@livedrop/common';
import type { Client } from '@temporalio/client';

export interface GatewayDeps extends BaseAppDeps {
  config: Config;
  knex: Knex;
  redis: Redis;
  temporal: Client;
}

/** Builds the gateway's Express app without listening, so tests can mount it on port 0. */
export function buildGatewayApp(deps: GatewayDeps): Express {
  const app = createBaseApp(deps);
  app.get('/', (_req, res) => {
    res.json({ service: 'livedrop-gateway', docs: '/openapi.json' });
  });
  return finishApp(app);
}
