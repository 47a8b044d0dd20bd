// Runs once before the integration project: the services must already be up (scripts/infra-up.sh
// starts them); the test database is migrated to the latest schema here.
import { createKnex, createLogger, createRedis, loadConfig, withDatabase } from '@livedrop/common';
import { Connection } from '@temporalio/client';
import { ensureOrderSearchAttribute } from '../workers/src/temporal/order-search-attribute';
import { TEST_DATABASE, TEST_ID_BASE } from './support/test-env';

/**
 * Redis keys (`{drop:N}`), Temporal workflow ids (`drop-N`) and WebSocket channels (`ws:user:N`) are
 * derived from MySQL ids, and the test database shares Redis and Temporal with the development one.
 * Test ids therefore start at TEST_ID_BASE (1e9) so a test drop can never collide with a demo drop.
 */
async function separateIdsFromDevelopment(knex: ReturnType<typeof createKnex>) {
  for (const table of ['users', 'products', 'drops']) {
    const row = (await knex(table).max({ max: 'id' }).first()) as { max: number | null } | undefined;
    if (Number(row?.max ?? 0) < TEST_ID_BASE) await knex.raw(`ALTER TABLE ?? AUTO_INCREMENT = ${TEST_ID_BASE}`, [table]);
  }
}

export default async function globalSetup(): Promise<void> {
  const config = loadConfig(process.env);
  const hint = 'start the services with `bash scripts/infra-up.sh` (or run `bash scripts/test.sh`)';
  const redis = await createRedis(config.REDIS_URL, createLogger({ LOG_LEVEL: 'silent' }, 'setup'), 'setup').catch(
    (err: Error) => { throw new Error(`Redis at ${config.REDIS_URL} is not reachable (${err.message}); ${hint}`); },
  );
  await redis.quit();
  const knex = createKnex(withDatabase(config.MYSQL_URL, TEST_DATABASE), 2);
  try {
    await knex.migrate.latest();
    await separateIdsFromDevelopment(knex);
  } catch (err) {
    throw new Error(`MariaDB (${TEST_DATABASE}) is not usable: ${(err as Error).message}; ${hint}`);
  } finally {
    await knex.destroy();
  }
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5000 }).catch(
    (err: Error) => { throw new Error(`Temporal at ${config.TEMPORAL_ADDRESS} is not reachable (${err.message}); ${hint}`); },
  );
  try {
    await ensureOrderSearchAttribute(connection, config.TEMPORAL_NAMESPACE);
  } finally {
    await connection.close();
  }
}

