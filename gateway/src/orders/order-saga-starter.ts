import type { Client } from '@temporalio/client';
import type { Logger } from '@livedrop/common';
import { orderSagaStartOptions, workflowIds, type BatchOrder } from '@livedrop/workflows';

export interface OrderSagaStarter {
  /** Hands an accepted order (units held, row written) to its saga; never throws, never waits for Temporal. */
  enqueue(dropId: number, order: BatchOrder): void;
  /** Starts whatever is still queued and waits for the starts under way (shutdown, tests). */
  flush(): Promise<void>;
}

export interface OrderSagaStarterDeps {
  temporal: Pick<Client, 'workflow'>;
  taskQueue: string;
  /** At most one saga per drop per window; an order after a quiet window starts at once. */
  windowMs: number;
  maxBatch: number;
  logger: Logger;
  /** Records which saga the orders went to, so the sweep leaves them alone. */
  markStarted(orderIds: string[], sagaId: string): Promise<void>;
}

interface DropQueue { pending: BatchOrder[]; timer?: NodeJS.Timeout; lastStartAt: number }

/**
 * Group commit, gateway side: the orders a gateway accepts for one drop within one window start one saga
 * (orderBatchWorkflow). Under light load every order starts alone and at once; under heavy load a window
 * gathers many, so Temporal runs one workflow for many orders. A start that fails is only logged: the
 * orders stay unclaimed in MySQL and the jobs worker's sweep starts their saga.
 */
export function createOrderSagaStarter(deps: OrderSagaStarterDeps): OrderSagaStarter {
  const drops = new Map<number, DropQueue>();
  const starting = new Set<Promise<void>>();

  async function start(dropId: number, orders: BatchOrder[]) {
    const workflowId = workflowIds.orderBatch(orders[0]!.orderId);
    const ids = orders.map((o) => o.orderId);
    try {
      await deps.temporal.workflow.start('orderBatchWorkflow', orderSagaStartOptions({ workflowId, taskQueue: deps.taskQueue, dropId, orders }));
      await deps.markStarted(ids, workflowId);
    } catch (err) {
      deps.logger.warn({ err, dropId, workflowId, orders: ids.length }, 'order saga start failed; the sweep will start it');
    }
  }

  function startNow(dropId: number, q: DropQueue) {
    clearTimeout(q.timer);
    q.timer = undefined;
    const orders = q.pending.splice(0, deps.maxBatch);
    if (orders.length === 0) return;
    q.lastStartAt = Date.now();
    const p = start(dropId, orders).finally(() => starting.delete(p));
    starting.add(p);
    if (q.pending.length > 0) schedule(dropId, q);
  }

  function schedule(dropId: number, q: DropQueue) {
    if (q.timer) return;
    const wait = Math.max(0, q.lastStartAt + deps.windowMs - Date.now());
    q.timer = setTimeout(() => startNow(dropId, q), wait);
    q.timer.unref();
  }

  return {
    enqueue(dropId, order) {
      let q = drops.get(dropId);
      if (!q) drops.set(dropId, (q = { pending: [], lastStartAt: 0 }));
      // A concurrent twin of a queued order (same Idempotency-Key) is the same order: queue it once.
      if (q.pending.some((o) => o.orderId === order.orderId)) return;
      q.pending.push(order);
      if (q.pending.length >= deps.maxBatch) startNow(dropId, q);
      else schedule(dropId, q);
    },
    async flush() {
      for (const [dropId, q] of drops) while (q.pending.length > 0) startNow(dropId, q);
      await Promise.all([...starting]);
    },
  };
}
