// Two projects: `unit` (pure logic, no services) and `integration` (real Redis, MariaDB, Temporal
// started by scripts/infra-up.sh). Integration files end in `.int.test.ts`.
const tsJest = ['ts-jest', { isolatedModules: true }];
const roots = ['<rootDir>/common', '<rootDir>/gateway', '<rootDir>/read-api', '<rootDir>/waiting-room',
  '<rootDir>/workflows', '<rootDir>/workers', '<rootDir>/loadtest', '<rootDir>/test'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      roots,
      testMatch: ['**/*.unit.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      roots,
      testMatch: ['**/*.int.test.ts', '**/loadtest/**/test/*.test.js'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
      globalSetup: '<rootDir>/test/global-setup.ts',
      testTimeout: 60000,
    },
  ],
};
