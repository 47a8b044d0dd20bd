// What non-workflow code (clients, worker) imports from this package.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
export * from './shared';
export type { Activities } from './activity-types';
export * from './drop-schedule';
export * from './drop-status';
export type { DropActivities } from './activity-types';
export type { DropLifecycleInput } from './drop-lifecycle-workflow';
export * from './order-types';
export * from './order-batch-types';
export const workflowsPath = require.resolve('./workflows');

/** Where `npm run build` (scripts/build.ts) writes the prebundled workflow code: next to the compiled index.js. */
export const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/**
 * The worker's workflow code. Compiled (dist/), the bundle prebuilt by `npm run build` sits next to
 * this file and the worker loads it as is, instead of webpacking the workflows at every start. From
 * the sources (tsx in development, ts-jest in tests) there is never a bundle beside src/index.ts, so
 * the worker bundles workflowsPath itself and always runs the code as edited, with no build step.
 */
export function workflowCode(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const codePath = join(__dirname, WORKFLOW_BUNDLE_FILE);
  return existsSync(codePath) ? { workflowBundle: { codePath } } : { workflowsPath };
}
