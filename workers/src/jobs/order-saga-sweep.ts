import type { Client } from '@temporalio/client';
import type { Knex, Logger } from '@livedrop/common';
import { chargeKeyFor, orderSagaStartOptions, workflowIds, type BatchOrder } from '@livedrop/workflows';
import { createOrdersRepo } from '../repos/orders-repo';

export interface OrderSagaSweepDeps {
  knex: Knex;
  temporal: Pick<Client, 'workflow'>;
  taskQueue: string;
  logger: Logger;
  /** How often to look (ORDER_SWEEP_INTERVAL_MS). */
  intervalMs: number;
  /** An open order no saga claimed for this long gets one (ORDER_SWEEP_AFTER_MS). */
  afterMs: number;
  paymentTimeoutMs: number;
}

const SWEEP_BATCH = 200;


/**
 * The durable fallback of the accept path: the gateway answers "reserved" before the order's saga starts,
 * so an order whose gateway stopped (or whose start Temporal refused) is still open and unclaimed in MySQL.
 * This starts a saga for each such order — one per order, named after it, so sweeps that overlap (two jobs
 * workers, a slow round) start it once. That saga charges and confirms the order, or releases its units;
 * an order another saga claims meanwhile is left to that saga.
 */
export function startOrderSagaSweep(deps: OrderSagaSweepDeps) {
  const orders = createOrdersRepo(deps.knex);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();

  async function sweepOnce(): Promise<number> {
    const rows = await orders.unclaimedUnpaid(deps.afterMs, SWEEP_BATCH);
    for (const row of rows) {
      const order: BatchOrder = {
        orderId: row.id, userId: Number(row.user_id), quantity: Number(row.quantity), amountMinor: Number(row.amount_minor),
        currency: row.currency, perUserLimit: Number(row.per_user_limit), chargeKey: chargeKeyFor(row.workflow_id),
        paymentTimeoutMs: deps.paymentTimeoutMs, acceptedAtMs: new Date(row.created_at).getTime(),
      };
      const workflowId = workflowIds.orderSweep(row.id);
      await deps.temporal.workflow.start('orderBatchWorkflow', orderSagaStartOptions({
        workflowId, taskQueue: deps.taskQueue, dropId: Number(row.drop_id), orders: [order],
      }));
      deps.logger.warn({ orderId: row.id, dropId: Number(row.drop_id), workflowId }, 'order had no saga; the sweep started one');
    }
    return rows.length;
  }

  function loop() {
    if (stopped) return;
    running = sweepOnce()
      .catch((err: unknown) => deps.logger.error({ err }, 'order saga sweep failed; retrying next round'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, deps.intervalMs);
      });
  }
  timer = setTimeout(loop, deps.intervalMs);

  return {
    sweepOnce,
    close: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
