// Shared by the waiting-room benchmarks: a migrated `livedrop_bench` database, many users with access tokens,
// live drops, and a real gateway process (`gateway/src/main.ts`) on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { dropKeys, type Knex, inventoryKeys } from '@livedrop/common';
import { createAccessTokens } from '../../gateway/src/auth/access-token';
import { openBenchDatabase } from '../../gateway/bench/bench-env';

export const ROOT = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function prepareBench(userCount: number) {
  // The same bench database and clients as the gateway's benches.
  const bench = await openBenchDatabase();
  const { config, knex, redis, mysqlUrl } = bench;
  const users = await insertUsers(knex, userCount, 'shopper');
  const access = createAccessTokens(config.JWT_SECRET, 3600);
  const tokens = await Promise.all(users.map((id) => access.sign({ id, role: 'shopper' })));
  const [creator] = await insertUsers(knex, 1, 'creator');
  const [productId] = await knex('products').insert({
    creator_id: creator, title: 'bench', description: 'bench', price_minor: 100, currency: 'EUR', media_urls: '[]',
  });
  const dropIds: number[] = [];

  return {
    config, knex, redis, users, tokens, mysqlUrl,
    /** A live drop whose queue is open (pre-queue sealed empty) with plenty of stock. */
    async liveDrop(stock = 1_000_000, rate = 100): Promise<number> {
      const seed = randomBytes(32).toString('hex');
      const now = Date.now();
      const [id] = await knex('drops').insert({
        product_id: productId, creator_id: creator, prequeue_opens_at: new Date(now - 7200_000),
        starts_at: new Date(now - 60_000), ends_at: new Date(now + 3600_000), total_stock: stock,
        admission_rate_per_s: rate, status: 'live', seed,
        seed_hash: createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'),
      });
      const dropId = Number(id);
      dropIds.push(dropId);
      await redis.set(inventoryKeys(dropId).stock, String(stock));
      await redis.hSet(dropKeys(dropId).admission, 'phase', 'open');
      return dropId;
    },
    async close() {
      // Bench drops end so a controller pointed at this database leaves them alone; their Redis keys go.
      if (dropIds.length) await knex('drops').whereIn('id', dropIds).update({ status: 'ended' });
      for (const id of dropIds) {
        const keys = Object.entries(dropKeys(id)).filter(([n]) => n !== 'tag' && n !== 'channel').map(([, k]) => k);
        await redis.del(keys);
      }
      await redis.quit();
      await knex.destroy();
    },
  };
}

async function insertUsers(knex: Knex, count: number, role: string): Promise<number[]> {
  const tag = `bench-${role}-${randomBytes(4).toString('hex')}`;
  for (let i = 0; i < count; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, count - i) }, (_, j) => ({
      email: `${tag}-${i + j}@bench.livedrop.dev`, password_hash: 'x', display_name: `${tag} ${i + j}`, role,
    }));
    await knex('users').insert(rows);
  }
  const found = await knex('users').select('id').where('email', 'like', `${tag}-%`).orderBy('id');
  return found.map((r: { id: number }) => Number(r.id));
}

/** Starts the real gateway (or any node script run by tsx) and waits until it answers `readyPath`. */
export async function startProcess(script: string, env: Record<string, string>, port: number, readyPath = '/healthz') {
  // node --import tsx (one process, no wrapper) so stopping it really stops it.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGKILL')); // never leave a server behind, even on a crash
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${readyPath}`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`${script} did not become ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => { clearTimeout(force); resolve(); });
      child.kill('SIGTERM');
    }),
  };
}

