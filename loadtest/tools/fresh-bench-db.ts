// Prepares a fresh, isolated system state for loadtest/bench.sh (BENCH_FRESH=1): the MySQL database named in
// MYSQL_URL is dropped, recreated and migrated, its ids start at <epoch seconds>·1000 so drop/user ids (and the
// Temporal workflow ids and Redis keys derived from them) never meet those of another run or database, and the
// Redis database of REDIS_URL is flushed — which must not be database 0, the shared one.
//   MYSQL_URL=…/livedrop_benchsys REDIS_URL=redis://127.0.0.1:6379/2 npx tsx loadtest/tools/fresh-bench-db.ts
import { createKnex, createLogger, createRedis, loadConfigOrExit, withDatabase } from '@livedrop/common';

async function main() {
  const config = loadConfigOrExit();
  const url = new URL(config.MYSQL_URL);
  const database = url.pathname.slice(1);
  const redisDb = Number(new URL(config.REDIS_URL).pathname.slice(1) || 0);
  if (!/^livedrop_bench\w*$/.test(database)) throw new Error(`refusing to recreate "${database}": the bench database must be named livedrop_bench*`);
  if (redisDb === 0) throw new Error('refusing to FLUSHDB Redis database 0: give the bench its own (REDIS_URL=redis://…/2)');

  // No database selected: the bench database may not exist yet. Its `_test` twin is where the in-process benches
  // (gateway/bench/order-pipeline-bench.ts, through test/support/test-env.ts) keep their rows.
  const firstId = Math.floor(Date.now() / 1000) * 1000;
  for (const name of [database, `${database}_test`]) {
    const admin = createKnex(withDatabase(config.MYSQL_URL, ''), 1);
    await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.raw(`CREATE DATABASE \`${name}\``);
    await admin.destroy();
    const knex = createKnex(withDatabase(config.MYSQL_URL, name), 1);
    await knex.migrate.latest();
    for (const table of ['users', 'products', 'drops']) await knex.raw(`ALTER TABLE \`${table}\` AUTO_INCREMENT = ${firstId}`);
    await knex.destroy();
  }

  const redis = await createRedis(config.REDIS_URL, createLogger({ LOG_LEVEL: 'warn' }, 'bench-db'), 'bench-db');
  await redis.flushDb();
  await redis.quit();
  console.log(`fresh bench state: databases ${database} and ${database}_test (ids from ${firstId}), Redis db ${redisDb} flushed`);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
