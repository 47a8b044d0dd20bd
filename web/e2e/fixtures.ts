import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { apiClient, type ApiClient } from './api';

const ARTIFACTS = join(process.cwd(), '.run', 'e2e');

interface Watched {
  page: Page;
  name: string;
  log: string[];
  errors: string[];
}

/**
 * `api` for fixtures, and `openPage(context, name)` for browser tabs whose console is recorded. After each
 * journey: no uncaught error and no console error (network 4xx the app handles are logged by Chromium as
 * "Failed to load resource" and are allowed); on failure every tab's screenshot and console go to .run/e2e/.
 */
export const test = base.extend<{ api: ApiClient; openPage: (context: BrowserContext, name: string) => Promise<Page> }>({
  api: async ({ baseURL }, use) => {
    await use(apiClient(baseURL!));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads fixture dependencies from this pattern
  openPage: async ({}, use, testInfo) => {
    const watched: Watched[] = [];
    await use(async (context, name) => {
      const page = await context.newPage();
      const w: Watched = { page, name, log: [], errors: [] };
      page.on('console', (m) => {
        const line = `[${new Date().toISOString()}] ${m.type()}: ${m.text()}`;
        w.log.push(line);
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) w.errors.push(line);
      });
      page.on('pageerror', (e) => {
        w.log.push(`[${new Date().toISOString()}] pageerror: ${e.message}`);
        w.errors.push(`pageerror: ${e.message}`);
      });
      watched.push(w);
      return page;
    });
    const failed = testInfo.status !== testInfo.expectedStatus;
    if (failed) {
      const dir = join(ARTIFACTS, testInfo.title.replace(/[^\w-]+/g, '-').slice(0, 80));
      mkdirSync(dir, { recursive: true });
      for (const w of watched) {
        await w.page.screenshot({ path: join(dir, `${w.name}.png`), fullPage: true }).catch(() => undefined);
        writeFileSync(join(dir, `${w.name}-console.log`), `${w.log.join('\n')}\n`);
      }
      process.stderr.write(`e2e: screenshots and console logs in ${dir}\n`);
    } else {
      for (const w of watched) expect({ tab: w.name, consoleErrors: w.errors }).toEqual({ tab: w.name, consoleErrors: [] });
    }
  },
});

export { expect };

/** The number shown in a testid'd element (position, people ahead). */
export async function numberIn(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).textContent({ timeout: 1000 }))?.trim());
}

export async function logIn(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}
