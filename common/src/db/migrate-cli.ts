// `npm run migrate` / `npm run migrate:down`: applies the schema in common/migrations.
import { loadConfigOrExit } from '../config/load-config';
import { createKnex } from './create-knex';

async function main() {
  const config = loadConfigOrExit();
  const knex = createKnex(config.MYSQL_URL, 2);
  const command = process.argv[2] ?? 'latest';
  try {
    if (command === 'latest') {
      const [batch, names] = (await knex.migrate.latest()) as [number, string[]];
      process.stdout.write(names.length ? `migrated (batch ${batch}): ${names.join(', ')}\n` : 'schema up to date\n');
    } else if (command === 'rollback-all') {
      const [, names] = (await knex.migrate.rollback(undefined, true)) as [number, string[]];
      process.stdout.write(`rolled back: ${names.join(', ') || 'nothing'}\n`);
    } else {
      throw new Error(`unknown command ${command} (use latest or rollback-all)`);
    }
  } finally {
    await knex.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
