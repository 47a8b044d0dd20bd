// Fixtures for the ops and creator journeys: accounts made through the API (ops through the project's
// create-ops-user script: ops cannot sign up), signed-in browser contexts, and — when a journey fails — a
// screenshot and the browser console of every page it opened, saved under .run/e2e/failures/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Browser, type Page } from '@playwright/test';

export const PASSWORD = 'e2e-password-123';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url)); // the repository
const FAILURES = join(ROOT, '.run/e2e/failures');

export interface Account { id: number; email: string; role: 'shopper' | 'creator' | 'ops'; accessToken: string }

let counter = 0;
export const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** The REST API of the system under test, as a script would use it. */
export function apiClient(baseURL: string) {
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${baseURL}/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  const login = async (email: string) => {
    const s = await call<{ accessToken: string; user: { id: number; role: Account['role'] } }>('POST', '/auth/login', { email, password: PASSWORD });
    return { id: s.user.id, email, role: s.user.role, accessToken: s.accessToken };
  };
  return {
    call,
    login,
    async signup(role: 'shopper' | 'creator', name = unique(role)): Promise<Account> {
      const email = `${name}@e2e.livedrop.test`;
      const s = await call<{ accessToken: string; user: { id: number } }>('POST', '/auth/signup', { email, password: PASSWORD, displayName: name, role });
      return { id: s.user.id, email, role, accessToken: s.accessToken };
    },
    /** Ops accounts cannot sign up through the API: the project's own script makes them. */
    async ops(): Promise<Account> {
      const email = `${unique('ops')}@e2e.livedrop.test`;
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/create-ops-user.ts', '--email', email, '--name', 'E2E Ops'], {
        cwd: ROOT, env: { ...process.env, OPS_PASSWORD: PASSWORD }, stdio: 'pipe',
      });
      return login(email);
    },
  };
}

export type Api = ReturnType<typeof apiClient>;

interface OpenedPage { name: string; page: Page; log: string[] }

/** A new browser context signed in through the login page, with its console recorded. */
async function signedIn(browser: Browser, baseURL: string, account: Account | null, pages: OpenedPage[]) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
  pages.push({ name: account ? `${account.role}-${account.id}` : `visitor-${pages.length}`, page, log });
  if (account) {
    await page.goto('/login');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /log in/i }).click();
    await expect(page.getByRole('button', { name: /log out/i })).toBeVisible();
  }
  return page;
}

export const test = base.extend<{
  api: Api;
  pages: OpenedPage[];
  /** Opens a signed-in (or, with null, anonymous) page in its own browser context. */
  openAs: (account: Account | null) => Promise<Page>;
  /** Console errors and uncaught exceptions of the pages opened so far (of one role's pages, when given). */
  consoleErrors: (role?: Account['role']) => string[];
}>({
  api: async ({ baseURL }, use) => { await use(apiClient(baseURL!)); },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  pages: async ({}, use, testInfo) => {
    const pages: OpenedPage[] = [];
    await use(pages);
    if (testInfo.status !== testInfo.expectedStatus) {
      const dir = join(FAILURES, testInfo.titlePath.join(' ').replace(/[^\w-]+/g, '_').slice(0, 120));
      mkdirSync(dir, { recursive: true });
      for (const p of pages) {
        await p.page.screenshot({ path: join(dir, `${p.name}.png`), fullPage: true }).catch(() => undefined);
        writeFileSync(join(dir, `${p.name}-console.log`), `${p.log.join('\n')}\n`);
      }
      process.stderr.write(`journey failed: screenshots and console logs in ${dir}\n`);
    }
    await Promise.all(pages.map((p) => p.page.context().close()));
  },
  openAs: async ({ browser, baseURL, pages }, use) => {
    await use((account) => signedIn(browser, baseURL!, account, pages));
  },
  consoleErrors: async ({ pages }, use) => {
    await use((role) => pages.filter((p) => !role || p.name.startsWith(`${role}-`))
      .flatMap((p) => p.log.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'))));
  },
});

export { expect };
