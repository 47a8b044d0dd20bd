// The one file the worker bundles: every workflow is exported from here.
export { dropLifecycleWorkflow } from './drop-lifecycle-workflow';
// Kept until the orders it started before group commit have drained (replay tests hold its histories).
export { orderWorkflow } from './order-workflow';
export { orderBatchWorkflow } from './order-batch-workflow';
