import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client,
} from '@temporalio/client';
import { AppError, conflict, dropKeys, notFound, unprocessable, type Redis } from '@livedrop/common';
import { burnAdmissionToken, type AdmissionTokens } from '@livedrop/waiting-room';
import {
  orderReservationUpdate, workflowIds, type OrderStatus, type OrderWorkflowInput, type ReservationOutcome,
} from '@livedrop/workflows';
import { idempotencyKeyHash } from './idempotency-key';
import type { OrderRow, OrdersRepo } from './orders-repo';

export interface PlaceOrderDeps {
  orders: OrdersRepo;
  redis: Redis;
  temporal: Client;
  admissionTokens: AdmissionTokens;
  taskQueue: string;
  paymentTimeoutMs: number;
}

export interface PlaceOrderInput {
  userId: number;
  dropId: number;
  quantity: number;
  admissionToken: string;
  idempotencyKey: string;
}

export interface PlacedOrder {
  orderId: string;
  status: OrderStatus;
}

const MAX_AMOUNT_MINOR = 4_294_967_295;

/** Refusals that the order's own record answers with again on every retry of the same key. */
const REFUSALS: Record<string, (available?: number) => Error> = {
  sold_out: () => conflict('sold_out', 'the drop is sold out'),
  // Not sold out: the shopper keeps the admission (refused before the token burns) and may ask for fewer.
  not_enough_stock: (available) => available === undefined
    ? conflict('not_enough_stock', 'fewer units are left than you asked for')
    : conflict('not_enough_stock', `only ${available} unit${available === 1 ? ' is' : 's are'} left`, { available }),
  per_user_limit_reached: () => conflict('per_user_limit_reached', 'this order would exceed the per-user limit for the drop'),
  drop_not_live: () => conflict('drop_not_live', 'the drop is not on sale (it ended or was cancelled)'),
};

function answerFromRow(row: OrderRow): PlacedOrder {
  const refusal = row.status === 'failed' && row.failure_reason ? REFUSALS[row.failure_reason] : undefined;
  if (refusal) throw refusal();
  return { orderId: row.id, status: row.status };
}

function sameRequest(row: OrderRow, input: PlaceOrderInput) {
  // The column's collation is case-insensitive: a key differing only in case finds (and would silently become) another order.
  if (row.idempotency_key !== input.idempotencyKey || Number(row.drop_id) !== input.dropId || Number(row.quantity) !== input.quantity) {
    throw unprocessable('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
  }
}

/**
 * Places an order: admission token checked and burned, one orders row per (user, key), one workflow per
 * (user, key) — so concurrent or retried requests with the same key share one order and one charge.
 * Answers once the reservation is held (or refused), not when payment finishes.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  const existing = await deps.orders.byKey(input.userId, input.idempotencyKey);
  // A row for this key means its token was already burned for it (burn precedes the insert): a retry after a
  // failed workflow start must still reach that order once the short-lived token has expired.
  let claims: Awaited<ReturnType<AdmissionTokens['verify']>> | undefined;
  try {
    claims = await deps.admissionTokens.verify(input.admissionToken, { userId: input.userId, dropId: input.dropId });
  } catch (err) {
    if (!existing || !(err instanceof AppError) || err.code !== 'admission_token_expired') throw err;
  }
  if (existing) {
    sameRequest(existing, input);
    if (existing.status !== 'pending') return answerFromRow(existing);
  }

  const drop = await deps.orders.dropForOrder(input.dropId);
  if (!drop) throw notFound('drop_not_found', `drop ${input.dropId} does not exist`);
  if (!existing) {
    await refuseEarly(deps.redis, drop, input);
    // orders.amount_minor (and payments') is INT UNSIGNED: a larger total would fail the insert after the token burned.
    if (Number(drop.price_minor) * input.quantity > MAX_AMOUNT_MINOR) {
      throw unprocessable('order_amount_too_large', `the order total exceeds ${MAX_AMOUNT_MINOR} minor units; order fewer units`);
    }
  }

  // 'same_key' is this request retried (or its concurrent twin): carry on to the same order.
  if (claims) await burnAdmissionToken(deps.redis, claims, input.idempotencyKey, input.quantity);

  const { row } = existing
    ? { row: existing }
    : await deps.orders.insertOrGet({
      id: randomUUID(),
      user_id: input.userId,
      drop_id: input.dropId,
      idempotency_key: input.idempotencyKey,
      quantity: input.quantity,
      amount_minor: Number(drop.price_minor) * input.quantity,
      currency: drop.currency,
      workflow_id: workflowIds.order(input.userId, idempotencyKeyHash(input.idempotencyKey)),
    });
  sameRequest(row, input);

  const workflowInput: OrderWorkflowInput = {
    orderId: row.id, userId: input.userId, dropId: input.dropId, quantity: Number(row.quantity),
    amountMinor: Number(row.amount_minor), currency: row.currency, perUserLimit: Number(drop.per_user_limit),
    paymentTimeoutMs: deps.paymentTimeoutMs,
  };
  let outcome: ReservationOutcome;
  try {
    outcome = await deps.temporal.workflow.executeUpdateWithStart(orderReservationUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation('orderWorkflow', {
        workflowId: row.workflow_id,
        taskQueue: deps.taskQueue,
        args: [workflowInput],
        workflowIdConflictPolicy: 'USE_EXISTING', // a concurrent twin joins the running order
        workflowIdReusePolicy: 'REJECT_DUPLICATE', // a finished order is never run again
      }),
    });
  } catch (err) {
    // The workflow already finished: its record in MySQL is the answer.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return answerFromRow((await deps.orders.byId(row.id))!);
    // Still deciding after the RPC deadline: the order exists and runs on; the client polls statusUrl.
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return { orderId: row.id, status: 'pending' };
    throw err;
  }
  if (outcome.status === 'rejected') {
    const refusal = REFUSALS[outcome.reason];
    throw refusal ? refusal(outcome.available) : conflict('order_failed', `the order could not be placed (${outcome.reason})`);
  }
  return { orderId: row.id, status: 'reserved' };
}

/**
 * Cheap refusals before anything changes (token kept, no order row): a drop not on sale, too many units,
 * no stock (sold_out), or fewer units than asked (not_enough_stock, with how many are left). The reserve Lua still decides atomically; these only spare a doomed order.
 */
async function refuseEarly(redis: Redis, drop: { status: string; per_user_limit: number }, input: PlaceOrderInput) {
  if (drop.status === 'sold_out') throw REFUSALS.sold_out!();
  if (drop.status !== 'live') throw conflict('drop_not_live', `the drop is ${drop.status}, not on sale`);
  const k = dropKeys(input.dropId);
  const [bought, stock] = await Promise.all([redis.hGet(k.userPurchases, String(input.userId)), redis.get(k.stock)]);
  if (Number(bought ?? 0) + input.quantity > Number(drop.per_user_limit)) throw REFUSALS.per_user_limit_reached!();
  if (stock === null || Number(stock) >= input.quantity) return;
  throw Number(stock) <= 0 ? REFUSALS.sold_out!() : REFUSALS.not_enough_stock!(Number(stock));
}
