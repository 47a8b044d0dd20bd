// Composition root of the admission controller: each tick admits shoppers for every live drop.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  closeRedis, closeServer, createKnex, createLogger, createMetrics, createRedis, exitOnBootFailure,
  loadConfigOrExit, registerShutdown, startOpsServer,
} from '@livedrop/common';
import { createAdmissionController } from './controller/admission-controller';
import { startTickLoop } from './controller/tick-loop';
import { createOpsMetricsPublisher, withOpsMetrics } from './ops/ops-metrics';
import { createAdmissionTokens } from './tokens/admission-token';

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config, 'waiting-room');
  const redis = await createRedis(config.REDIS_URL, logger, 'waiting-room');
  const knex = createKnex(config.MYSQL_URL, config.MYSQL_POOL_MAX, config.MYSQL_POOL_MIN);
  const health = { shuttingDown: false };
  const { server } = await startOpsServer({
    logger, metrics: createMetrics('waiting-room'), health, host: config.HOST,
    port: config.WAITING_ROOM_PORT, portKey: 'WAITING_ROOM_PORT',
    checks: { redis: () => redis.ping(), mysql: () => knex.raw('select 1') },
  });
  const controller = createAdmissionController({
    redis, knex, logger,
    tokens: createAdmissionTokens(config.ADMISSION_TOKEN_SECRET),
    ownerId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    tickMs: config.ADMISSION_TICK_MS,
    spreadMs: config.ADMISSION_SPREAD_MS,
    inflightThreshold: config.ADMISSION_INFLIGHT_THRESHOLD,
    latencyThresholdMs: config.ADMISSION_LATENCY_THRESHOLD_MS,
    conversionFloor: config.ADMISSION_CONVERSION_FLOOR,
    conversionWindowS: config.ADMISSION_CONVERSION_WINDOW_S,
    decideS: config.ADMISSION_DECIDE_S,
  });
  const opsMetrics = createOpsMetricsPublisher({ redis, knex });
  const loop = startTickLoop(withOpsMetrics(controller, opsMetrics, logger), config.ADMISSION_TICK_MS, logger);
  registerShutdown(logger, [
    { name: 'redis', close: () => closeRedis(redis) },
    { name: 'mysql', close: () => knex.destroy() },
    { name: 'ops-server', close: () => closeServer(server) },
    { name: 'tick-loop', close: () => loop.stop() },
  ], () => { health.shuttingDown = true; });
  logger.info({ tickMs: config.ADMISSION_TICK_MS }, 'admission controller running');
}

main().catch(exitOnBootFailure(createLogger({ LOG_LEVEL: 'info' }, 'waiting-room'), 'waiting-room'));
