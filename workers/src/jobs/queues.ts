import { bullConnection, type Knex, type Logger, type Redis } from '@livedrop/common';
import type { PaymentProvider } from '../payments';
import { startReconciliation } from './reconciliation';

export interface QueueDeps {
  redisUrl: string;
  logger: Logger;
  knex: Knex;
  redis: Redis;
  /** Reconciliation refunds charges without a sale through it. */
  payments: PaymentProvider;
  /** How often every live drop is reconciled (RECONCILE_INTERVAL_MS). */
  reconcileIntervalMs?: number;
}

/**
 * Starts the BullMQ workers of this process that are not part of the event pipeline (today: inventory
 * reconciliation, repeating per live drop and on demand). Handlers are idempotent: jobs are at-least-once.
 */
export function startQueues(deps: QueueDeps) {
  const connection = bullConnection(deps.redisUrl);
  const reconciliation = startReconciliation({ ...deps, connection, intervalMs: deps.reconcileIntervalMs ?? 30_000 });
  return {
    isRunning: () => reconciliation.worker.isRunning(),
    close: () => reconciliation.close(),
  };
}
