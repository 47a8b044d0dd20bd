export { reconcileDrop, type Repair, type ReconcileDeps } from './reconcile-drop';
export { startReconciliation, type ReconciliationOptions } from './reconciliation-worker';
