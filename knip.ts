// knip (part of `npm run lint`): unused files, exports and dependencies, and imports of packages a
// workspace doesn't declare, fail the lint. Each workspace lists its process entry points; tests are
// found by knip's jest plugin (jest.config.js), the tools and the load-test runner by the root's
// entries. Entries that exist only on some branches (the web app) are added when present.
import { existsSync } from 'node:fs';
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  // An export also used in its own file is API surface, not dead code.
  ignoreExportsUsedInFile: true,
  // Debian packages, run by tests: test/compose.int.test.ts, gateway/test/dependency-unavailable.int.test.ts.
  ignoreBinaries: ['docker-compose', 'redis-server'],
  workspaces: {
    '.': {
      entry: [
        'scripts/*.ts',
        'test/**/*.ts',
        'loadtest/{audit,bench,swarm,tools,fuzz}/*.ts',
        // k6 scripts (plain JS, run by k6 or our runner); `k6/*` are the runner's shims, not a package.
        'loadtest/*.js',
        // The runner: k6.mjs starts cli.ts; the shims and hooks are loaded by module.register().
        'loadtest/runner/k6.mjs',
        'loadtest/runner/loader-hooks.ts',
        'loadtest/runner/shims/*.ts',
        'loadtest/runner/test/fixtures/*.js',
      ],
      project: ['scripts/**/*.ts', 'test/**/*.ts', 'loadtest/**/*.{ts,js,mjs}'],
      ignoreDependencies: ['k6'],
    },
    // Knex loads the migrations from their directory.
    common: { entry: ['migrations/*.{js,ts}'], project: ['src/**/*.ts', 'migrations/**', 'test/**/*.ts'] },
    gateway: { entry: ['src/main.ts', 'bench/*.ts'], project: ['{src,bench,test}/**/*.ts'] },
    'read-api': { entry: ['src/main.ts', 'bench/*.ts'], project: ['{src,bench,test}/**/*.ts'] },
    'waiting-room': { entry: ['src/controller-main.ts', 'bench/*.ts'], project: ['{src,bench,test}/**/*.ts'] },
    workflows: { project: ['{src,test}/**/*.ts'] },
    workers: {
      // record-order-histories.ts is run by hand to re-record the replay fixtures.
      entry: ['src/temporal-worker-main.ts', 'src/jobs-worker-main.ts', 'bench/*.ts', 'test/orders/record-order-histories.ts', 'test/orders/record-order-batch-histories.ts'],
      project: ['{src,bench,test}/**/*.ts'],
    },
  },
};

if (existsSync('web/package.json')) {
  config.workspaces = {
    ...config.workspaces,
    // The browser journeys (Playwright, run by scripts/e2e.sh) live in web/e2e.
    web: { entry: ['e2e/**/*.ts'], project: ['src/**/*.{ts,tsx}', 'e2e/**/*.ts', '*.config.ts'] },
  };
}

export default config;
