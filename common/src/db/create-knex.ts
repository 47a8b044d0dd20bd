import knexFactory, { type Knex } from 'knex';
import { join } from 'node:path';

export type { Knex };

export const MIGRATIONS_DIR = join(__dirname, '..', '..', 'migrations');

/** Knex over mysql2. Dates are UTC, DECIMAL/BIGINT stay exact, and the pool is bounded by config. */
export function createKnex(mysqlUrl: string, poolMax = 20): Knex {
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
    pool: { min: 0, max: poolMax },
    migrations: { directory: MIGRATIONS_DIR, tableName: 'knex_migrations', loadExtensions: ['.ts', '.js'] },
  });
}

/** Same server, another database name (tests use their own databases). */
export function withDatabase(mysqlUrl: string, database: string): string {
  const url = new URL(mysqlUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
