// Browser journeys of the ops console and the creator studio (the shopper journeys have their own config).
// Runs against the whole system already started (scripts/apps-up.sh), with Debian's chromium: no download.
//   npx playwright test -c web/e2e/webops.playwright.config.ts
import { defineConfig } from '@playwright/test';

const port = process.env.GATEWAY_PORT ?? '3000';

export default defineConfig({
  testDir: '.',
  testMatch: ['ops-journey.spec.ts', 'creator-journey.spec.ts'],
  // One journey at a time: they share the admission controller and the machine has 2 cores.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  outputDir: '../../.run/e2e/webops',
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    viewport: { width: 1400, height: 1000 },
    trace: 'off',
  },
});
