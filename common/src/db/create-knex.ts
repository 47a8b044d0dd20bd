import knexFactory, { type Knex } from 'knex';
import { join } from 'node:path';

export type { Knex };

export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/**
 * Knex over mysql2. Dates are UTC, DECIMAL/BIGINT stay exact, and the pool is bounded by config. `poolMin`
 * connections, once opened, are kept through idle minutes (see warmPool).
 */
export function createKnex(mysqlUrl: string, poolMax = 20, poolMin = 0): Knex {
  const url = new URL(mysqlUrl);
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.replace(/^\//, ''),
      timezone: 'Z',
      dateStrings: false,
      supportBigNumbers: true,
      bigNumberStrings: false,
      charset: 'utf8mb4',
    },
    pool: { min: Math.min(poolMin, poolMax), max: poolMax },
    migrations: { directory: MIGRATIONS_DIR, tableName: 'knex_migrations', loadExtensions: ['.ts', '.js'] },
  });
}

/** Same server, another database name (tests use their own databases). */
export function withDatabase(mysqlUrl: string, database: string): string {
  const url = new URL(mysqlUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Opens `count` pool connections now. A drop start is a burst after a quiet wait: without this the first orders
 * of the drop pay for MySQL handshakes (and an idle pool drops back to nothing after 30 s); with MYSQL_POOL_MIN
 * the connections opened here stay open.
 */
export async function warmPool(knex: Knex, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => knex.raw('select 1')));
}
