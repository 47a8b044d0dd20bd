export { reconcileDrop } from './reconcile-drop';
export { startReconciliation } from './reconciliation-worker';
