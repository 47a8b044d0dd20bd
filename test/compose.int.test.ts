import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// `docker compose` (v2 plugin) when present, else Debian's `docker-compose` that scripts/install-system.sh
// installs: either validates the file without a Docker engine.
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version']).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version']).status === 0) return ['docker-compose'];
  throw new Error('no compose client: run bash scripts/install-system.sh');
}

/** One service's block of `compose config` output (its lines up to the next service). */
function serviceBlock(config: string, service: string): string {
  const start = config.search(new RegExp(`^  ${service}:$`, 'm'));
  if (start < 0) throw new Error(`no service ${service} in compose config`);
  const rest = config.slice(start + 1);
  const end = rest.search(/^ {2}\S/m);
  return end < 0 ? rest : rest.slice(0, end);
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

  it('runs redis with AOF fsynced every second', () => {
    const redis = serviceBlock(run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) }), 'redis');
    expect(redis).toMatch(/- --appendonly\n\s+- "?yes"?\n/);
    expect(redis).toMatch(/- --appendfsync\n\s+- everysec\n/);
  });

  it('publishes only the gateway, and the Temporal UI on 127.0.0.1 only', () => {
    const out = run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) });
    for (const service of ['mysql', 'redis', 'temporal', 'migrate', 'read-api', 'waiting-room', 'temporal-worker', 'jobs-worker']) {
      expect({ service, ports: /^ {4}ports:/m.test(serviceBlock(out, service)) }).toEqual({ service, ports: false });
    }
    expect(serviceBlock(out, 'gateway')).toMatch(/^ {4}ports:\n\s+- published: 3000\n\s+target: 3000\n(?! {4}- )/m);
    const ui = serviceBlock(out, 'temporal-ui').match(/^ {4}ports:\n((?: {4}- .*\n)+)/m)?.[1] ?? '';
    expect(ui.trim().split('\n').map((l) => l.trim())).toEqual(['- 127.0.0.1:8233:8080/tcp']);
  });

  it('restarts every long-running service and health-checks it (apps with node, their images have no curl)', () => {
    const out = run({ JWT_SECRET: 'x'.repeat(32), ADMISSION_TOKEN_SECRET: 'y'.repeat(32) });
    for (const service of ['mysql', 'redis', 'temporal', 'temporal-ui', 'gateway', 'read-api', 'waiting-room', 'temporal-worker', 'jobs-worker']) {
      const block = serviceBlock(out, service);
      expect({ service, restart: /^ {4}restart: (unless-stopped|always)$/m.test(block), healthcheck: /^ {4}healthcheck:$/m.test(block) })
        .toEqual({ service, restart: true, healthcheck: true });
    }
    const ports = { gateway: 3000, 'read-api': 3001, 'waiting-room': 3002, 'temporal-worker': 3003, 'jobs-worker': 3004 };
    for (const [service, port] of Object.entries(ports)) {
      expect(serviceBlock(out, service)).toMatch(new RegExp(String.raw`- node
\s+- -e
\s+- .*fetch\(''http://127\.0\.0\.1:${port}/healthz''\)`));
    }
    expect(serviceBlock(out, 'migrate')).toMatch(/^ {4}restart: on-failure$/m);
  });
});
