// What non-workflow code (clients, worker) imports from this package.
export * from './shared';
export type { Activities } from './activity-types';
export const workflowsPath = require.resolve('./workflows');
