import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `docker compose` (v2 plugin) when present, else Debian's `docker-compose` that scripts/install-system.sh
// installs: either validates the file without a Docker engine.
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  throw new Error('no compose client: run bash scripts/install-system.sh');
}

describe('docker-compose.yml', () => {
  const [bin, ...pre] = composeCommand();
  const run = (env: Record<string, string>) =>
    execFileSync(bin!, [...pre, '-f', join(__dirname, '..', 'docker-compose.yml'), 'config'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('is valid and defines the infrastructure and every process', () => {
    const out = run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) });
    for (const service of ['mysql', 'redis', 'minio', 'temporal', 'temporal-ui', 'migrate', 'gateway', 'read-api', 'waiting-room',
      'temporal-worker', 'jobs-worker']) {
      expect(out).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
    expect(out).toContain('DB: mysql8'); // Temporal persists in MySQL
    expect(out).toContain('S3_ENDPOINT: http://minio:9000'); // product media in the S3-compatible service
  });

  it('refuses to start without the token secrets', () => {
    expect(() => run({ JWT_SECRET: '', ADMISSION_TOKEN_SECRET: '' })).toThrow(/JWT_SECRET/);
  });
});
