#!/usr/bin/env node
// Entry point of LiveDrop's k6-compatible runner, kept as the one plain-JS file so every caller can
// run `node loadtest/runner/k6.mjs run ... script.js` without flags: it loads tsx's ESM hooks (the
// runner is TypeScript, checked by `npm run typecheck` and linted like the services) and starts cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
