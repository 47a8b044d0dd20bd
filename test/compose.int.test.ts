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
    for (const service of ['mysql', 'redis', 'temporal', 'temporal-ui', 'migrate', 'gateway', 'read-api', 'waiting-room',
      'temporal-worker', 'jobs-worker']) {
      expect(out).toMatch(new RegExp(`^  ${service}:$`, 'm'));
    }
    expect(out).toContain('DB: mysql8'); // Temporal persists in MySQL
  });

  it('runs the compiled processes and the compiled migration, never tsx', () => {
    const out = run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) });
    for (const entry of ['gateway/dist/main.js', 'read-api/dist/main.js', 'waiting-room/dist/controller-main.js',
      'workers/dist/temporal-worker-main.js', 'workers/dist/jobs-worker-main.js', 'common/dist/db/migrate-cli.js']) {
      expect(out).toMatch(new RegExp(`- --conditions=compiled\\n\\s+- ${entry}\\n`));
    }
    expect(out).not.toMatch(/tsx|\.ts\b/);
  });

  it('sets Temporal up as its own examples do: schema step, plain server, namespace step', () => {
    const out = run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) });
    expect(out).not.toContain('auto-setup');
    expect(out).toMatch(/image: temporalio\/server:/);
    expect(out).toMatch(/temporal-schema:\n\s+condition: service_completed_successfully/);
    expect(out).toMatch(/temporal-namespace:\n\s+condition: service_completed_successfully/);
    expect(out).toContain('update-schema');
  });

  it('refuses to start without the token secrets', () => {
    expect(() => run({ JWT_SECRET: '', ADMISSION_TOKEN_SECRET: '' })).toThrow(/JWT_SECRET/);
  });
});
