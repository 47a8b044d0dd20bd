// Pre-creates load-test accounts in bulk, straight in MySQL (sign-up hashes passwords with argon2: far too
// slow for 10,000 accounts), and mints their access tokens with the configured JWT_SECRET.
//   npx tsx loadtest/tools/create-users.ts --count 10000 --out .run/loadtest/users.json [--creator] [--ttl-s 3600]
// Output: {"creator":{id,token}|null,"users":[{"id":1,"token":"…"}]}. With --creator every user follows the
// new creator (for the drop-started fan-out). The accounts cannot log in (no password): they exist to be loaded.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createKnex, loadConfigOrExit, type Knex } from '@livedrop/common';
import { createAccessTokens, type Role } from '../../gateway/src/auth/access-token';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    out: { type: 'string' },
    creator: { type: 'boolean', default: false },
    'ttl-s': { type: 'string', default: '3600' },
  },
});

async function insertUsers(knex: Knex, tag: string, count: number, role: Role): Promise<number[]> {
  for (let i = 0; i < count; i += 2000) {
    await knex('users').insert(Array.from({ length: Math.min(2000, count - i) }, (_, j) => ({
      email: `${tag}-${role}-${i + j}@loadtest.livedrop.dev`, password_hash: 'no-login', display_name: `${tag} ${role} ${i + j}`, role,
    })));
  }
  const ids = await knex('users').where('email', 'like', `${tag}-${role}-%`).orderBy('id').pluck('id');
  return ids.map(Number);
}

async function main() {
  if (!values.out) throw new Error('--out <file> is required');
  const count = Number(values.count);
  const config = loadConfigOrExit();
  const knex = createKnex(config.MYSQL_URL, 2);
  try {
    const tokens = createAccessTokens(config.JWT_SECRET, Number(values['ttl-s']));
    const tag = `lt${randomBytes(4).toString('hex')}`;
    const ids = await insertUsers(knex, tag, count, 'shopper');
    let creator: { id: number; token: string } | null = null;
    if (values.creator) {
      const [id] = await insertUsers(knex, tag, 1, 'creator');
      creator = { id: id!, token: await tokens.sign({ id: id!, role: 'creator' }) };
      for (let i = 0; i < ids.length; i += 2000) {
        await knex('follows').insert(ids.slice(i, i + 2000).map((followerId) => ({ follower_id: followerId, creator_id: id })));
      }
    }
    const users = await Promise.all(ids.map(async (id) => ({ id, token: await tokens.sign({ id, role: 'shopper' }) })));
    mkdirSync(dirname(values.out), { recursive: true });
    writeFileSync(values.out, JSON.stringify({ creator, users }));
    console.log(`created ${users.length} shoppers${creator ? ` following creator ${creator.id}` : ''} → ${values.out}`);
  } finally {
    await knex.destroy();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
