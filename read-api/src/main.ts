// Composition root of read-api: cached public reads (the gateway routes browsing here).
import { createServer } from 'node:http';
import {
  closeRedis, closeServer, createKnex, createLogger, createMetrics, createRedis, exitOnBootFailure, listen,
  loadConfigOrExit, registerShutdown,
} from '@livedrop/common';
import { buildReadApiListener } from './app';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'read-api');
  const redis = await createRedis(config.REDIS_URL, logger, 'read-api');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX, config.MYSQL_POOL_MIN);
  const health = { shuttingDown: false };
  const listener = buildReadApiListener({
    logger, metrics: createMetrics('read-api'), health, knex, redis, mediaBaseUrl: config.MEDIA_PUBLIC_BASE_URL,
    checks: { redis: () => redis.ping(), mysql: () => knex.raw('select 1') },
  });
  const server = createServer(listener);
  const port = await listen(server, config.READ_API_PORT, config.HOST, 'READ_API_PORT');
  registerShutdown(logger, [
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'http', close: () => closeServer(server) },
  ], () => { health.shuttingDown = true; });
  logger.info({ port }, `read-api listening on http://${config.HOST}:${port}`);
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'read-api'), 'read-api'));
