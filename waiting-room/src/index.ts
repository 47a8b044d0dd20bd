// Public API of the waiting room for the gateway (queue + ops routes) and the orders pipeline (tokens).
export * from './tokens/admission-token';
export * from './tokens/burn-admission-token';
export * from './prequeue-shuffle';
export * from './queue/drop-directory';
export * from './queue/queue-view';
export * from './queue/waiting-room';
export * from './queue/restock-alerts';
export * from './queue/prequeue-draw';
export * from './ops/admission-ops';
export * from './controller/admission-controller';
export * from './controller/tick-result';
export * from './controller/admission-bounds';
export * from './ops/bound-by';
export * from './ops/ops-series';
export * from './ops/ops-metrics';
export * from './ops/admission-audit';
