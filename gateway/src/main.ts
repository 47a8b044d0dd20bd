// Composition root of the gateway: the single public entry (HTTP API + WebSockets on one port).
import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import {
  closeRedis, closeServer, compileTrustProxy, createKnex, createMediaStorage, createLogger, createMetrics, createRedis, exitOnBootFailure, listen,
  loadConfigOrExit, registerShutdown, startOpsServer,
} from '@livedrop/common';
import { buildGatewayApp } from './app';
import { attachWebSockets } from './ws/ws-server';
import { createAccessTokens } from './auth/access-token';
import { createJoinFastPath, withFastPaths } from './routes/queue-fast-path';
import { createReadProxyFastPath } from './routes/read-proxy-fast-path';
import { createOpsBoard } from './ops/ops-board';
import { createMediaDeliveryFor } from './routes/media-delivery-routes';
import { createMediaFastPath } from './routes/media-fast-path';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'gateway');
  const redis = await createRedis(config.REDIS_URL, logger, 'gateway');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const mediaStorage = await createMediaStorage(config);
  const mediaDelivery = createMediaDeliveryFor({ mediaStorage, config });
  const health = { shuttingDown: false };
  const metrics = createMetrics('gateway');
  const opsBoard = createOpsBoard(config.REDIS_URL);
  const checks = {
    redis: () => redis.ping(),
    mysql: () => knex.raw('select 1'),
    temporal: () => connection.healthService.check({}),
  };
  const app = buildGatewayApp({ config, logger, metrics, health, knex, redis, temporal, mediaStorage, mediaDelivery, opsBoard, checks });
  const server = createServer(withFastPaths(app, createJoinFastPath({ config, redis, knex, logger }), createReadProxyFastPath({ config, logger }),
    createMediaFastPath({ serve: mediaDelivery, logger, metrics })));
  const ws = await attachWebSockets(server, {
    logger, redis, tokens: createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_S),
    trustProxy: compileTrustProxy(config.TRUST_PROXY), maxSocketsPerUser: config.WS_MAX_SOCKETS_PER_USER,
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
