// Creates an ops account (ops cannot self-register through the API).
//   OPS_PASSWORD='at-least-10-chars' npx tsx scripts/create-ops-user.ts --email ops@example.com [--name "Ops Oncall"]
// The password comes from the environment so it does not show up in `ps` or shell history.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError, createKnex, loadConfigOrExit } from '@livedrop/common';
import { createAccessTokens } from '../gateway/src/auth/access-token';
import { createAuthService } from '../gateway/src/auth/auth-service';
import { displayNameSchema, emailSchema, passwordSchema } from '../gateway/src/auth/credential-schemas';

async function main() {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string', default: 'Ops' } } });
  const input = z
    .object({ email: emailSchema, displayName: displayNameSchema, password: passwordSchema })
    .safeParse({ email: values.email, displayName: values.name, password: process.env.OPS_PASSWORD });
  if (!input.success) {
    process.stderr.write(`usage: OPS_PASSWORD=… tsx scripts/create-ops-user.ts --email <email> [--name <name>]\n${z.prettifyError(input.error)}\n`);
    process.exit(64); // EX_USAGE
  }
  const config = loadConfigOrExit();
  const knex = createKnex(config.MYSQL_URL, 1);
  try {
    const auth = createAuthService({
      knex, tokens: createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_S), jwtSecret: config.JWT_SECRET,
      accessTtlS: config.ACCESS_TOKEN_TTL_S, refreshTtlS: config.REFRESH_TOKEN_TTL_S,
    });
    const user = await auth.createUser({ ...input.data, role: 'ops' });
    process.stdout.write(`created ops user id=${user.id} email=${user.email}\n`);
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await knex.destroy();
  }
}

void main();
