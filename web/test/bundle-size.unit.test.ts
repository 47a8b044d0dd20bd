import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const WEB = join(__dirname, '..');
const BUDGET_BYTES = 150 * 1000;

interface Chunk {
  file: string;
  name?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The entry and everything it imports statically: the JavaScript a shopper's first page load needs. */
function shopperChunks(manifest: Record<string, Chunk>): Chunk[] {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
  if (!entry) throw new Error('no entry in the Vite manifest');
  const seen = new Map<string, Chunk>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key]!;
    seen.set(key, chunk);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(entry[0]);
  return [...seen.values()];
}

describe('the shopper bundle (production build)', () => {
  let out: string;
  let manifest: Record<string, Chunk>;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'web-build-'));
    const build = spawnSync(process.execPath, [join(WEB, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: WEB, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' },
    });
    if (build.status !== 0) throw new Error(`vite build failed: ${build.stderr}`);
    manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('loads at most 150 kB of gzipped JavaScript', () => {
    const files = shopperChunks(manifest).map((c) => c.file).filter((f) => f.endsWith('.js'));
    const gzipped = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(out, f))).length, 0);
    expect({ files: files.length, overBudget: gzipped > BUDGET_BYTES, gzipped }).toEqual({ files: files.length, overBudget: false, gzipped });
  });

  it('keeps the ops console and the creator studio out of it (route-level code splitting)', () => {
    const shopperFiles = new Set(shopperChunks(manifest).map((c) => c.file));
    const split = Object.entries(manifest).filter(([key]) => /features\/(ops|creator)\//.test(key));
    expect(split.length).toBeGreaterThanOrEqual(2);
    for (const [, chunk] of split) expect(shopperFiles.has(chunk.file)).toBe(false);
  });
});
