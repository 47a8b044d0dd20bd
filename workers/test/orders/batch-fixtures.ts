// Orders accepted the way the gateway accepts them (row written, units held in Redis, row reserved), and the
// group-commit saga started the way the gateway starts it.
import type { Client } from '@temporalio/client';
import type { Knex, Redis } from '@livedrop/common';
import { chargeKeyFor, orderSagaStartOptions, RESERVATION_GRACE_MS, workflowIds, type BatchOrder, type OrderBatchResult } from '@livedrop/workflows';
import { createInventory } from '../../src/inventory';
import { insertOrder } from './order-fixtures';

export async function acceptOrder(
  knex: Knex, redis: Redis, o: { userId: number; dropId: number; amountMinor: number; paymentTimeoutMs?: number },
): Promise<BatchOrder> {
  const { input, workflowId } = await insertOrder(knex, o);
  await createInventory(redis).reserve(o.dropId, {
    orderId: input.orderId, userId: o.userId, quantity: input.quantity, perUserLimit: input.perUserLimit,
    expiresAtMs: Date.now() + input.paymentTimeoutMs + RESERVATION_GRACE_MS,
  });
  // As the gateway leaves it: held, answered, not yet claimed by a saga.
  await knex('orders').where({ id: input.orderId, status: 'pending' }).update({ status: 'reserved', saga_id: null });
  return {
    orderId: input.orderId, userId: o.userId, quantity: input.quantity, amountMinor: input.amountMinor, currency: input.currency,
    perUserLimit: input.perUserLimit, chargeKey: chargeKeyFor(workflowId), paymentTimeoutMs: input.paymentTimeoutMs,
  };
}

/** Starts the batch saga as the gateway does and waits for its result. */
export async function runBatch(client: Client, taskQueue: string, dropId: number, orders: BatchOrder[]) {
  const workflowId = workflowIds.orderBatch(orders[0]!.orderId);
  const handle = await client.workflow.start('orderBatchWorkflow', orderSagaStartOptions({ workflowId, taskQueue, dropId, orders }));
  return { workflowId, result: (await handle.result()) as OrderBatchResult };
}
