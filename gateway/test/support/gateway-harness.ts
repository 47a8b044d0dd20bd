// Shared integration-test harness: the real gateway app (buildGatewayApp) over real MariaDB (livedrop_test),
// Redis and Temporal, listening on port 0. Other teams reuse it:
//   const h = await startGateway();
//   const { user, token } = await h.createUser('creator');
//   await h.request.get('/v1/me').set('authorization', `Bearer ${token}`).expect(200);
//   await h.close();
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Express } from 'express';
import supertest from 'supertest';
import {
  createMediaStorage, createMetrics, type Config, type Knex, type Logger, type MediaStorage, type Metrics, type Redis,
} from '@livedrop/common';
import { buildGatewayApp, type GatewayDeps } from '../../src/app';
import { buildGatewayServices, type GatewayServices } from '../../src/services';
import type { Role } from '../../src/auth/access-token';
import { hashPassword } from '../../src/auth/passwords';
import { createUsersRepo } from '../../src/users/users-repo';
import { connectTestServices, testConfig, uniqueSuffix } from '../../../test/support/test-env';

/** Every user the harness creates has this password, so tests can also log in through /v1/auth/login. */
export const HARNESS_PASSWORD = 'harness-password-123';

export interface HarnessUser {
  id: number;
  role: Role;
  email: string;
  displayName: string;
}

export interface GatewayHarness {
  /** supertest agent bound to the listening server: `h.request.get('/v1/me')`. */
  request: ReturnType<typeof supertest.agent>;
  /** Base URL, e.g. for WebSocket clients (`ws://` + url.slice(7)). */
  url: string;
  /** The Express app (e.g. to inspect its router); `server` is the listening http.Server. */
  app: Express;
  server: Server;
  config: Config;
  knex: Knex;
  redis: Redis;
  temporal: Client;
  /** Where media go (MEDIA_STORAGE of the config: local disk under MEDIA_LOCAL_DIR, or S3). */
  mediaStorage: MediaStorage;
  /** What buildGatewayServices built (the app and, with `fastPaths`, the fast paths share it). */
  services: GatewayServices;
  metrics: Metrics;
  /** Inserts a user row directly (no HTTP, no rate limit) and mints an access token for it. */
  createUser(role?: Role, opts?: { email?: string; displayName?: string }): Promise<{ user: HarnessUser; token: string }>;
  /** An access token for an existing user id. */
  tokenFor(user: { id: number; role: Role }): Promise<string>;
  /** `{ authorization: 'Bearer …' }` for `.set(...)`. */
  auth(token: string): { authorization: string };
  close(): Promise<void>;
}

let passwordHash: Promise<string> | undefined; // hashing once per test file keeps createUser cheap

/**
 * Starts the gateway in-process. `config` overrides env keys (e.g. `{ RATE_LIMIT_AUTH_PER_IP_PER_MIN: '3' }`);
 * `extraDeps` lets a team inject extra fields its route modules read from the context; `logger` receives the
 * app's lines (the request log included). Express answers everything: the fast paths are not in front.
 */
export async function startGateway(
  options: { config?: Record<string, string>; extraDeps?: Partial<GatewayDeps>; logger?: Logger } = {},
): Promise<GatewayHarness> {
  const services = await connectTestServices(testConfig(options.config));
  const { config, logger, redis, knex } = services;
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mediaStorage = await createMediaStorage(config);
  const deps: GatewayDeps = {
    config, logger: options.logger ?? logger, redis, knex, temporal, mediaStorage,
    metrics: createMetrics('gateway-test'),
    health: { shuttingDown: false },
    checks: {},
    ...options.extraDeps,
  };
  const gatewayServices = buildGatewayServices(deps);
  const app = buildGatewayApp(deps, gatewayServices);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { tokens } = gatewayServices;
  const users = createUsersRepo(knex);

  const tokenFor = (user: { id: number; role: Role }) => tokens.sign({ id: user.id, role: user.role });
  return {
    request: supertest.agent(url),
    url, app, server, config, knex, redis, temporal, mediaStorage, services: gatewayServices, metrics: deps.metrics,
    async createUser(role = 'shopper', opts = {}) {
      const suffix = uniqueSuffix();
      const email = opts.email ?? `${role}-${suffix}@test.livedrop.dev`;
      const displayName = opts.displayName ?? `${role} ${suffix}`;
      const id = await users.insert({ email, displayName, role, passwordHash: await (passwordHash ??= hashPassword(HARNESS_PASSWORD)) });
      const user = { id, role, email: email.toLowerCase(), displayName };
      return { user, token: await tokenFor(user) };
    },
    tokenFor,
    auth: (token) => ({ authorization: `Bearer ${token}` }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await connection.close();
      mediaStorage.close();
      await services.close();
    },
  };
}
