import { defineConfig } from '@playwright/test';

// Browser journeys against the whole running system (scripts/e2e.sh starts it when needed). The browser
// is Debian's chromium (scripts/install-system.sh); Playwright never downloads one.
const port = process.env.GATEWAY_PORT ?? '3000';

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  timeout: 150_000,
  expect: { timeout: 20_000 },
  workers: 1,
  retries: 0,
  outputDir: '../../.run/e2e/results',
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${port}`,
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
