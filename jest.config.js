// Two projects: `unit` (pure logic, no services) and `integration` (real Redis, MariaDB, Temporal
// started by scripts/infra-up.sh). Integration files end in `.int.test.ts`.
const tsJest = ['ts-jest', {}];
// jose 6 ships ESM only; Jest runs CommonJS, so its files are transpiled too (the app itself runs it natively).
const esmOnly = ['jose'];
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const transform = {
  // The web app's own tests (and the app code they import) see browser types (DOM) as well as Node's.
  [`^${escapeRegExp(require('node:path').join(__dirname, 'web'))}/.+\\.tsx?$`]: ['ts-jest', { tsconfig: '<rootDir>/web/test/tsconfig.json' }],
  '^.+\\.ts$': tsJest,
  [`/node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { isolatedModules: true, tsconfig: { allowJs: true } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];
const roots = ['<rootDir>/common', '<rootDir>/gateway', '<rootDir>/read-api', '<rootDir>/waiting-room',
  '<rootDir>/workflows', '<rootDir>/workers', '<rootDir>/loadtest', '<rootDir>/test', '<rootDir>/web/test'];

module.exports = {
  // Integration tests start real workflows and processes on a shared 2-core machine.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      roots,
      testMatch: ['**/*.unit.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      roots,
      testMatch: ['**/*.int.test.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
