import { randomUUID } from 'node:crypto';
import { AppError, conflict, notFound, pushToUser, RUNNING_DROP_STATUSES, stockLeft, unitsBoughtBy, unprocessable, type Redis } from '@livedrop/common';
import { burnAdmissionToken, restoreAdmissionToken, type AdmissionTokens } from '@livedrop/waiting-room';
import { InventoryError, type createInventory } from '@livedrop/workers';
import {
  chargeKeyFor, RESERVATION_GRACE_MS, workflowIds, type BatchOrder, type OrderStatus,
} from '@livedrop/workflows';
import { idempotencyKeyHash } from './idempotency-key';
import type { DropForOrder, OrderRow, OrdersRepo } from './orders-repo';
import type { OrderSagaStarter } from './order-saga-starter';

export interface PlaceOrderDeps {
  orders: OrdersRepo;
  redis: Redis;
  inventory: ReturnType<typeof createInventory>;
  sagas: OrderSagaStarter;
  /** Rebuilds a drop's Redis inventory from MySQL (a no-op when Redis has it). */
  rebuildInventory: (dropId: number) => Promise<unknown>;
  admissionTokens: AdmissionTokens;
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
/** Drops whose orders may still hold units: on sale, or sold out with units that may come back. */
const RESERVABLE_DROP_STATUSES: readonly string[] = RUNNING_DROP_STATUSES;

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
 * Places an order: admission token checked and burned, one orders row per (user, key), one hold per order —
 * so concurrent or retried requests with the same key share one order and one charge (keyed on the order's
 * workflow id). Answers once the units are held (or refused), without waiting for any workflow.
 */
export async function placeOrder(deps: PlaceOrderDeps, input: PlaceOrderInput): Promise<PlacedOrder> {
  // The drop is read alongside the key lookup and the token check (one round trip fewer on the accept path).
  const dropRead = deps.orders.dropForOrder(input.dropId);
  dropRead.catch(() => undefined); // awaited below; a refusal before that must not leave it unhandled
  let existing = await deps.orders.byKey(input.userId, input.idempotencyKey);
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

  const drop = await dropRead;
  if (!drop) throw notFound('drop_not_found', `drop ${input.dropId} does not exist`);
  if (!existing) {
    try {
      await refuseEarly(deps.redis, drop, input);
    } catch (err) {
      // A concurrent twin of this request (same key) may have inserted and held its order since the lookup
      // above, and its own hold is what the early check saw (e.g. the per-user limit): the twin's order is the
      // answer, not a refusal.
      existing = await deps.orders.byKey(input.userId, input.idempotencyKey);
      if (!existing) throw err;
      sameRequest(existing, input);
      if (existing.status !== 'pending') return answerFromRow(existing);
    }
  }
  if (!existing) {
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

  if (row.status !== 'pending') return answerFromRow(row); // a concurrent twin already got it decided
  return holdAndHandOver(deps, row, drop, input, claims);
}

/**
 * The accept path never waits on Temporal: the units are held by the atomic reserve (keyed by the order, so
 * a retry holds nothing more), the row says so, and the answer goes out while the order's saga starts behind
 * it. Until a saga claims the order it stays unclaimed in MySQL, and the jobs worker's sweep starts one.
 */
async function holdAndHandOver(
  deps: PlaceOrderDeps, row: OrderRow, drop: DropForOrder, input: PlaceOrderInput,
  claims: Awaited<ReturnType<AdmissionTokens['verify']>> | undefined,
): Promise<PlacedOrder> {
  const sagaOrder: BatchOrder = {
    orderId: row.id, userId: input.userId, quantity: Number(row.quantity), amountMinor: Number(row.amount_minor),
    currency: row.currency, perUserLimit: Number(drop.per_user_limit), chargeKey: chargeKeyFor(row.workflow_id),
    paymentTimeoutMs: deps.paymentTimeoutMs, acceptedAtMs: Date.now(),
  };
  // An order of a drop that is over holds nothing, a retried pending one included.
  if (!RESERVABLE_DROP_STATUSES.includes(drop.status)) return refuse(deps, row, 'drop_not_live');
  const hold = () => deps.inventory.reserve(input.dropId, {
    orderId: row.id, userId: input.userId, quantity: sagaOrder.quantity, perUserLimit: sagaOrder.perUserLimit,
    expiresAtMs: Date.now() + deps.paymentTimeoutMs + RESERVATION_GRACE_MS,
  });
  try {
    await hold().catch(async (err: unknown) => {
      if (!(err instanceof InventoryError) || err.code !== 'inventory_not_initialised') throw err;
      // Redis lost the drop (a restart, a failover): rebuilt from MySQL here, once, so the shopper hears the real
      // answer now (a shortfall gives the admission back below) instead of a pending order that fails later.
      await deps.rebuildInventory(input.dropId);
      await hold();
    });
  } catch (err) {
    if (!(err instanceof InventoryError)) throw err;
    if (REFUSALS[err.code]) {
      // Units are left, just fewer than asked (found by the reserve, after the token burned): the admission comes
      // back so the shopper can ask for fewer.
      if (err.code === 'not_enough_stock' && claims) await restoreAdmissionToken(deps.redis, claims, input.idempotencyKey);
      return refuse(deps, row, err.code, err.available);
    }
    // Its saga already ended it (released): the order's record is the answer.
    if (err.code === 'reservation_released') return answerFromRow((await deps.orders.byId(row.id))!);
    if (err.code !== 'inventory_not_initialised') throw err;
    // Still not initialised after the rebuild (Redis lost it again meanwhile): the saga rebuilds it before
    // holding anything; the shopper polls.
    deps.sagas.enqueue(input.dropId, sagaOrder);
    return { orderId: row.id, status: 'pending' };
  }
  const reservedNow = await deps.orders.markReserved(row.id);
  deps.sagas.enqueue(input.dropId, sagaOrder);
  if (reservedNow) await pushToUser(deps.redis, input.userId, { type: 'order_status', orderId: row.id, status: 'reserved' });
  return { orderId: row.id, status: 'reserved' };
}

/** A refusal the reserve decided: the row ends failed with the reason, so every retry answers the same. */
async function refuse(deps: PlaceOrderDeps, row: OrderRow, reason: string, available?: number): Promise<never> {
  await deps.orders.failPending(row, reason);
  throw REFUSALS[reason]!(available);
}

/**
 * Cheap refusals before anything changes (token kept, no order row): a drop not on sale, too many units,
 * no stock (sold_out), or fewer units than asked (not_enough_stock, with how many are left). The reserve Lua
 * still decides atomically; these only spare a doomed order.
 */
async function refuseEarly(redis: Redis, drop: { status: string; per_user_limit: number }, input: PlaceOrderInput) {
  if (drop.status === 'sold_out') throw REFUSALS.sold_out!();
  if (drop.status !== 'live') throw conflict('drop_not_live', `the drop is ${drop.status}, not on sale`);
  const [bought, stock] = await Promise.all([unitsBoughtBy(redis, input.dropId, input.userId), stockLeft(redis, input.dropId)]);
  if (bought + input.quantity > Number(drop.per_user_limit)) throw REFUSALS.per_user_limit_reached!();
  if (stock === null || stock >= input.quantity) return;
  throw stock <= 0 ? REFUSALS.sold_out!() : REFUSALS.not_enough_stock!(stock);
}
