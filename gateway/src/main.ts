// Composition root of the gateway: the single public entry (HTTP API + WebSockets on one port).
import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import {
  closeRedis, closeServer, createKnex, createMediaStorage, createLogger, createMetrics, createRedis, exitOnBootFailure, warmPool, listen,
  loadConfigOrExit, registerShutdown, startOpsServer, withFastPaths,
} from '@livedrop/common';
import { buildGatewayApp, gatewayFastPaths } from './app';
import { buildGatewayServices } from './services';
import { attachWebSockets } from './ws/ws-server';
import { createOpsBoard } from './ops/ops-board';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'gateway');
  const redis = await createRedis(config.REDIS_URL, logger, 'gateway');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX, config.MYSQL_POOL_MIN);
  // In the background: a gateway may start while MySQL is down (it answers 503 until it is back).
  warmPool(knex, config.MYSQL_POOL_MIN).catch((err: unknown) => logger.warn({ err }, 'could not open the MySQL pool yet'));
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mediaStorage = await createMediaStorage(config);
  const health = { shuttingDown: false };
  const metrics = createMetrics('gateway');
  const opsBoard = createOpsBoard(config.REDIS_URL);
  const checks = {
    redis: () => redis.ping(),
    mysql: () => knex.raw('select 1'),
    temporal: () => connection.healthService.check({}),
  };
  // Built once: the Express routes, the fast paths in front of them and the WebSockets share these.
  const services = buildGatewayServices({ config, knex, redis, temporal, logger, mediaStorage });
  const app = buildGatewayApp({ config, logger, metrics, health, knex, redis, temporal, mediaStorage, opsBoard, checks }, services);
  const server = createServer(withFastPaths(app, ...gatewayFastPaths(services, { logger, metrics })));
  const ws = await attachWebSockets(server, {
    logger, redis, tokens: services.tokens, trustProxy: services.trustProxy, maxSocketsPerUser: config.WS_MAX_SOCKETS_PER_USER,
    maxSocketsPerIp: config.WS_MAX_SOCKETS_PER_IP, authTimeoutMs: config.WS_AUTH_TIMEOUT_MS,
  });
  const port = await listen(server, config.GATEWAY_PORT, config.HOST, 'GATEWAY_PORT');
  const ops = config.GATEWAY_OPS_PORT === undefined ? undefined
    : await startOpsServer({ logger, metrics, checks, health, host: config.HOST, port: config.GATEWAY_OPS_PORT, portKey: 'GATEWAY_OPS_PORT' });
  registerShutdown(logger, [
    ...(ops ? [{ name: 'ops-http', close: () => closeServer(ops.server) }] : []),
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'temporal', close: () => connection.close() },
    { name: 'http', close: () => closeServer(server) },
    { name: 'ws', close: () => ws.close() },
    { name: 'media-storage', close: async () => mediaStorage.close() },
    { name: 'bull-board', close: () => opsBoard.close() },
  ], () => { health.shuttingDown = true; });
  logger.info({ port }, `gateway listening on http://${config.HOST}:${port}`);
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'gateway'), 'gateway'));
