// Lint what matters: promises that are never awaited, I/O leaking into workflow code, and (via
// `npm run cycles`, dpdm) import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const IO_MODULES = ['knex', 'mysql2', 'mysql2/*', 'redis', '@redis/*', 'ioredis', 'bullmq', 'ws', 'express', '@livedrop/common',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  // loadtest/*.js stay plain k6 scripts (run by k6 or our runner), so only its TypeScript is linted;
  // the runner's one JS file is its entry point.
  { ignores: ['**/node_modules/**', '.run/**', '.tools/**', '**/dist/**', 'web/dist/**', 'coverage/**', '**/*.js', '**/*.mjs', '!loadtest/runner/k6.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Workflow code is replayed deterministically in Temporal's sandbox: no Node built-ins, no I/O clients.
    files: ['workflows/src/**/*.ts'],
    ignores: ['workflows/src/index.ts'],
    rules: {
      // Type-only imports are allowed: they are erased before the workflow code is bundled.
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'workflow code must not use Node built-ins (non-deterministic, sandboxed)' },
          { group: IO_MODULES, allowTypeImports: true, message: 'workflow code must not do I/O; call an activity instead' },
          { group: ['fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'process', 'timers', 'dns'],
            message: 'workflow code must not use Node built-ins' },
        ],
      }],
      'no-restricted-globals': ['error', { name: 'process', message: 'no process access in workflows' }],
    },
  },
  {
    // The inventory owns its Redis keys: other code reads stock through common/src/inventory (stockLeft, …), so
    // how the inventory is kept can change in one module. Tests and tools may still set the keys directly.
    files: ['*/src/**/*.ts'],
    ignores: ['common/src/inventory/**', 'workers/src/inventory/**', 'common/src/redis/keys.ts'],
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "ImportSpecifier[imported.name='inventoryKeys']", message: 'only the inventory module spells its keys: use stockLeft / unitsBoughtBy / inventoryKeysForReading from @livedrop/common' },
        { selector: "MemberExpression[property.name='inventoryKeys']", message: 'only the inventory module spells its keys: use stockLeft / unitsBoughtBy / inventoryKeysForReading from @livedrop/common' },
      ],
    },
  },
  {
    // Command-line tools print their results.
    files: ['**/test/**/*.ts', '**/bench/**/*.ts', 'scripts/**/*.ts', 'loadtest/{audit,swarm,tools,fuzz}/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
