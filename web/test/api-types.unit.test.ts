import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('the web app API types', () => {
  it('match the gateway’s OpenAPI document (run `npm run gen:api` when this fails)', () => {
    // A child process: openapi-typescript's dependencies are ESM-only, which Jest's CommonJS runtime cannot load.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'gen-api-types.ts'), '--check'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    expect({ status: run.status, says: run.stdout.trim() || run.stderr.trim() })
      .toEqual({ status: 0, says: 'API types are up to date' });
  });
});
