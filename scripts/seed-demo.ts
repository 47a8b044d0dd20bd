// Seeds the demo through the public API of the running gateway (so the drop-lifecycle workflow really
// starts): a creator, a product, a drop starting a minute from now, and a few followers. Rerunning reuses
// the accounts and the product, and schedules a new drop only when no demo drop is still upcoming.
// The demo accounts' password is DEMO_PASSWORD (scripts/up.sh generates it into .run/secrets.env); accounts
// left from a run with another password get the current one.
import { AppError, createKnex, loadConfigOrExit, type Knex } from '@livedrop/common';
import { createAccessTokens } from '../gateway/src/auth/access-token';
import { createAuthService } from '../gateway/src/auth/auth-service';
import { hashPassword } from '../gateway/src/auth/passwords';
import { normaliseEmail } from '../gateway/src/users/users-repo';
import { seedProductImage } from './seed-demo-media';

const config = loadConfigOrExit();
const base = `http://${config.HOST}:${config.GATEWAY_PORT}/v1`;
if (!config.DEMO_PASSWORD) {
  console.error('seeding the demo needs DEMO_PASSWORD (bash scripts/up.sh generates it into .run/secrets.env)');
  process.exit(64);
}
const PASSWORD = config.DEMO_PASSWORD;

async function api<T>(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

interface Session { accessToken: string; user: { id: number } }

/** A demo account seeded earlier with another password (e.g. the old fixed one) gets the current one. */
async function resetPassword(knex: Knex, email: string) {
  await knex('users').where({ email: normaliseEmail(email) }).update({ password_hash: await hashPassword(PASSWORD) });
}

/** Logs in, signing up first when the account does not exist yet. */
async function account(knex: Knex, email: string, displayName: string, role: 'shopper' | 'creator'): Promise<Session> {
  const login = await api<Session>('POST', '/auth/login', { email, password: PASSWORD });
  if (login.status === 200) return login.body;
  const signup = await api<Session>('POST', '/auth/signup', { email, password: PASSWORD, displayName, role });
  if (signup.status === 201) return signup.body;
  if (signup.status === 409) {
    await resetPassword(knex, email);
    const again = await api<Session>('POST', '/auth/login', { email, password: PASSWORD });
    if (again.status === 200) return again.body;
  }
  throw new Error(`signup ${email} failed: ${signup.status} ${JSON.stringify(signup.body)}`);
}

/** Ops accounts cannot sign up through the API; the demo gets one directly (as scripts/create-ops-user.ts does). */
async function ensureOpsUser(knex: Knex, email: string) {
  const auth = createAuthService({
    knex, tokens: createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_S), jwtSecret: config.JWT_SECRET,
    accessTtlS: config.ACCESS_TOKEN_TTL_S, refreshTtlS: config.REFRESH_TOKEN_TTL_S,
  });
  try {
    await auth.createUser({ email, displayName: 'Demo Ops', password: PASSWORD, role: 'ops' });
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'email_taken')) throw err;
    await resetPassword(knex, email);
  }
}

async function main() {
  const knex = createKnex(config.MYSQL_URL, 1);
  try {
    await ensureOpsUser(knex, 'ops@demo.livedrop.test');
    const creator = await account(knex, 'creator@demo.livedrop.test', 'Demo Creator', 'creator');
    const shoppers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => account(knex, `shopper${n}@demo.livedrop.test`, `Demo Shopper ${n}`, 'shopper')),
    );
    for (const shopper of shoppers) {
      const follow = await api('PUT', `/creators/${creator.user.id}/follow`, undefined, shopper.accessToken);
      if (follow.status >= 300) throw new Error(`follow failed: ${follow.status} ${JSON.stringify(follow.body)}`);
    }

    let product = await knex('products').where({ creator_id: creator.user.id, deleted_at: null }).first('id');
    if (!product) {
      const created = await api<{ id: number }>('POST', '/products', {
        title: 'LiveDrop Launch Hoodie',
        description: 'Heavyweight hoodie, numbered edition of 100.',
        priceMinor: 6900,
        currency: 'EUR',
        mediaUrls: ['https://cdn.example.com/livedrop/hoodie-front.jpg'],
      }, creator.accessToken);
      if (created.status !== 201) throw new Error(`product failed: ${created.status} ${JSON.stringify(created.body)}`);
      product = { id: created.body.id };
    }

    const picture = await seedProductImage(base, creator.accessToken, product.id);

    let drop = await knex('drops')
      .where({ creator_id: creator.user.id, status: 'scheduled' })
      .andWhere('starts_at', '>', new Date())
      .first('id', 'starts_at');
    if (!drop) {
      const startsAt = new Date(Date.now() + 60_000);
      const created = await api<{ id: number; startsAt: string }>('POST', '/drops', {
        productId: product.id,
        prequeueOpensAt: new Date().toISOString(),
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
        totalStock: 100,
        perUserLimit: 2,
        admissionRatePerS: 10,
        checkoutWindowS: 120,
      }, creator.accessToken);
      if (created.status !== 201) throw new Error(`drop failed: ${created.status} ${JSON.stringify(created.body)}`);
      drop = { id: created.body.id, starts_at: startsAt };
    }

    console.log(`
Demo data (password for every demo account: ${PASSWORD} — also DEMO_PASSWORD in .run/secrets.env):
  ops       ops@demo.livedrop.test (tune admission: GET /v1/ops/drops)
  creator   creator@demo.livedrop.test (id ${creator.user.id}) with ${shoppers.length} followers shopper1..5@demo.livedrop.test
  product   ${product.id} (${picture})
  drop      ${drop.id}, starts ${new Date(drop.starts_at).toISOString()} (pre-queue open now)
  try it    curl http://${config.HOST}:${config.GATEWAY_PORT}/v1/catalog/drops/${drop.id}`);
  } finally {
    await knex.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(`seeding the demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
