import { randomUUID } from 'node:crypto';
import { createKnex, createLogger, createRedis, loadConfig, withDatabase, type Config } from '@livedrop/common';

/**
 * The test database is the development one's name + `_test` (as scripts/lib.sh creates it), so two checkouts
 * with different MYSQL_URL databases never share test tables. LIVEDROP_TEST_REDIS_DB and LIVEDROP_TEST_ID_BASE
 * let parallel checkouts on one machine keep Redis keys and Temporal workflow ids apart too.
 */
export const TEST_DATABASE = `${new URL(loadConfig(process.env).MYSQL_URL).pathname.slice(1) || 'livedrop'}_test`;
export const TEST_REDIS_DB = Number(process.env.LIVEDROP_TEST_REDIS_DB ?? 1);
export const TEST_ID_BASE = Number(process.env.LIVEDROP_TEST_ID_BASE ?? 1_000_000_000);

export function withRedisDatabase(redisUrl: string, db: number): string {
  const url = new URL(redisUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

/** Config for integration tests: the same services as `npm start`, but the test database and Redis database. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const base = loadConfig(process.env);
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MYSQL_URL: withDatabase(base.MYSQL_URL, TEST_DATABASE),
    // Redis database 1: test keys never mix with the development system's (database 0).
    REDIS_URL: withRedisDatabase(base.REDIS_URL, TEST_REDIS_DB),
    ...overrides,
  });
}

export const testLogger = () => createLogger({ LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent' }, 'test');

/** A short unique suffix so parallel test files never collide on emails, ids or key prefixes. */
export const uniqueSuffix = () => randomUUID().slice(0, 8);

/** Real Redis + MariaDB clients for one test file; call `close()` in afterAll. */
export async function connectTestServices(config = testConfig()) {
  const logger = testLogger();
  const redis = await createRedis(config.REDIS_URL, logger, 'test');
  const knex = createKnex(config.MYSQL_URL, 5);
  return {
    config, logger, redis, knex,
    close: async () => {
      await redis.quit();
      await knex.destroy();
    },
  };
}
