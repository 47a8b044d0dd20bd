// What non-workflow code (clients, worker) imports from this package.
export * from './shared';
export type { Activities } from './activity-types';
export * from './drop-schedule';
export * from './drop-status';
export type { DropActivities } from './activity-types';
export type { DropLifecycleInput } from './drop-lifecycle-workflow';
export * from './order-types';
export * from './order-batch-types';
export const workflowsPath = require.resolve('./workflows');
