import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@livedrop/common';

// scripts/lib.sh's ensure_runtime_secrets, as apps-up.sh and up.sh call it, against a scratch runtime folder.
const LIB = join(__dirname, '..', 'scripts', 'lib.sh');
const KEYS = ['JWT_SECRET', 'ADMISSION_TOKEN_SECRET', 'DEMO_PASSWORD'];

function ensureSecrets(runDir: string, env: Record<string, string> = {}): Record<string, string> {
  const script = `source "${LIB}"; RUN_DIR="${runDir}"; SECRETS_FILE="$RUN_DIR/secrets.env"; ` +
    `ensure_runtime_secrets >/dev/null; for k in ${KEYS.join(' ')}; do echo "$k=\${!k}"; done`;
  const { JWT_SECRET: _j, ADMISSION_TOKEN_SECRET: _a, DEMO_PASSWORD: _d, ...clean } = process.env;
  const out = execFileSync('bash', ['-c', script], { env: { ...clean, ...env }, encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('runtime secrets (scripts/lib.sh)', () => {
  let runDir: string;
  beforeEach(() => {
    runDir = mkdtempSync(join(tmpdir(), 'livedrop-secrets-'));
  });
  afterEach(() => rmSync(runDir, { recursive: true, force: true }));

  it('generates random secrets on first run into a 0600 file and keeps them on the next', () => {
    const first = ensureSecrets(runDir);
    for (const key of KEYS) expect(first[key]).toMatch(/^[A-Za-z0-9]{32,}$/);
    expect(first.JWT_SECRET).not.toBe(first.ADMISSION_TOKEN_SECRET);
    const file = join(runDir, 'secrets.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureSecrets(runDir)).toEqual(first);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(KEYS.length);
    // Good enough for a listener that is not on loopback.
    expect(loadConfig({ HOST: '0.0.0.0', JWT_SECRET: first.JWT_SECRET, ADMISSION_TOKEN_SECRET: first.ADMISSION_TOKEN_SECRET }).HOST)
      .toBe('0.0.0.0');
  });

  it('lets a secret already in the environment win', () => {
    const secrets = ensureSecrets(runDir, { JWT_SECRET: 'from-the-operator-'.padEnd(40, 'x') });
    expect(secrets.JWT_SECRET).toBe('from-the-operator-'.padEnd(40, 'x'));
  });
});
