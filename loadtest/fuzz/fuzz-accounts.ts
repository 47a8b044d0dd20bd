// Accounts for the API fuzzer (loadtest/fuzz.sh): one shopper, one creator and one ops user, straight in MySQL
// (ops cannot sign up), with access tokens minted with the configured JWT_SECRET, so the running gateway accepts
// them. Prints `<role> <user id> <token>` per line. The accounts cannot log in (no password).
//   npx tsx loadtest/fuzz/fuzz-accounts.ts [--ttl-s 1800]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createKnex, loadConfigOrExit } from '@livedrop/common';
import { createAccessTokens, type Role } from '../../gateway/src/auth/access-token';

const { values } = parseArgs({ options: { 'ttl-s': { type: 'string', default: '1800' } } });

async function main() {
  const config = loadConfigOrExit();
  const knex = createKnex(config.MYSQL_URL, 1);
  try {
    const tokens = createAccessTokens(config.JWT_SECRET, Number(values['ttl-s']));
    const tag = `fuzz${randomBytes(4).toString('hex')}`;
    for (const role of ['shopper', 'creator', 'ops'] as Role[]) {
      const [id] = await knex('users').insert({
        email: `${tag}-${role}@fuzz.livedrop.dev`, password_hash: 'no-login', display_name: `${tag} ${role}`, role,
      });
      console.log(`${role} ${id} ${await tokens.sign({ id: Number(id), role })}`);
    }
  } finally {
    await knex.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`fuzz accounts: ${(err as Error).message}`);
  process.exit(1);
});
