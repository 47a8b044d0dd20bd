// Composition root of the admission controller: each tick admits shoppers for every live drop.
import {
  closeRedis, closeServer, createKnex, createLogger, createMetrics, createRedis, exitOnBootFailure,
  loadConfigOrExit, registerShutdown, startOpsServer,
} from '@livedrop/common';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'waiting-room');
  const redis = await createRedis(config.REDIS_URL, logger, 'waiting-room');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX);
  const health = { shuttingDown: false };
  const { server } = await startOpsServer({
    logger, metrics: createMetrics('waiting-room'), health, host: config.HOST,
    port: config.WAITING_ROOM_PORT, portKey: 'WAITING_ROOM_PORT',
    checks: { redis: () => redis.ping(), mysql: () => knex.raw('select 1') },
  });
  registerShutdown(logger, [
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'ops-server', close: () => closeServer(server) },
  ], () => { health.shuttingDown = true; });
  logger.info({ tickMs: config.ADMISSION_TICK_MS }, 'admission controller running');
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'waiting-room'), 'waiting-room'));
