// Fixtures through the public API (as scripts/seed-demo.ts does): accounts, products, drops, ops controls.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export const PASSWORD = 'e2e-password-123';
// Run from the repository root (scripts/e2e.sh); this folder is ESM, so no __dirname.
const ROOT = process.cwd();

export interface Account {
  id: number;
  email: string;
  displayName: string;
  token: string;
}

export function apiClient(baseURL: string) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${baseURL}/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const unique = () => randomUUID().slice(0, 8);

  async function signup(role: 'shopper' | 'creator', name = `${role} ${unique()}`): Promise<Account> {
    const email = `e2e-${role}-${unique()}@livedrop.test`;
    const s = await call<{ accessToken: string; user: { id: number } }>('POST', '/auth/signup', { email, password: PASSWORD, displayName: name, role });
    return { id: s.user.id, email, displayName: name, token: s.accessToken };
  }

  async function login(email: string, password = PASSWORD): Promise<Account> {
    const s = await call<{ accessToken: string; user: { id: number; displayName: string } }>('POST', '/auth/login', { email, password });
    return { id: s.user.id, email, displayName: s.user.displayName, token: s.accessToken };
  }

  /** Ops accounts cannot sign up: made by scripts/create-ops-user.ts, like an operator would. */
  async function opsAccount(): Promise<Account> {
    const email = `e2e-ops-${unique()}@livedrop.test`;
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'create-ops-user.ts'), '--email', email, '--name', 'E2E Ops'], {
      cwd: ROOT, env: { ...process.env, OPS_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' }, stdio: 'pipe',
    });
    return login(email);
  }

  async function product(creator: Account, title: string, priceMinor = 4900): Promise<number> {
    const p = await call<{ id: number }>('POST', '/products', { title, description: `${title}, made for the browser tests.`, priceMinor, currency: 'EUR', mediaUrls: [] }, creator.token);
    return p.id;
  }

  async function drop(creator: Account, productId: number, o: { startsInS: number; stock: number; perUserLimit?: number; rate?: number }): Promise<number> {
    const startsAt = Date.now() + o.startsInS * 1000;
    const d = await call<{ id: number }>('POST', '/drops', {
      productId,
      prequeueOpensAt: new Date().toISOString(),
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 10 * 60_000).toISOString(),
      totalStock: o.stock, perUserLimit: o.perUserLimit ?? 2, admissionRatePerS: o.rate ?? 2, checkoutWindowS: 120,
    }, creator.token);
    return d.id;
  }

  return {
    call, signup, login, opsAccount, product, drop,
    join: (dropId: number, shopper: Account) => call('POST', `/drops/${dropId}/queue`, undefined, shopper.token),
    ops: (dropId: number, ops: Account, action: 'pause' | 'resume' | 'drain') => call('POST', `/ops/drops/${dropId}/${action}`, undefined, ops.token),
    setRate: (dropId: number, ops: Account, rate: number) => call('POST', `/ops/drops/${dropId}/admission`, { rate }, ops.token),
    myOrders: (token: string) => call<{ items: { orderId: string; dropId: number; status: string }[] }>('GET', '/me/orders?limit=100', undefined, token),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
