// The one file the worker bundles: every workflow is exported from here.
export { dropLifecycleWorkflow } from './drop-lifecycle-workflow';
export { orderWorkflow } from './order-workflow';
