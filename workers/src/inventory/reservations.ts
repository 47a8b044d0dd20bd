import { dropKeys, inventoryKeys, type Redis, type RunScript } from '@livedrop/common';
import { checkInventoryReply } from './inventory-errors';

export type ReservationState = 'RESERVED' | 'CONFIRMED' | 'RELEASED';

export interface Reservation {
  orderId: string;
  state: ReservationState;
  quantity: number;
  expiresAtMs: number;
  userId: number;
}

/** Parses a `{drop:N}:reservations` value: "STATE|qty|expiresAtMs|userId". */
export function parseReservation(orderId: string, value: string): Reservation {
  const [state, qty, expires, user] = value.split('|');
  return {
    orderId,
    state: state as ReservationState,
    quantity: Number(qty),
    expiresAtMs: Number(expires),
    userId: Number(user ?? 0),
  };
}

export interface RebuildInput {
  total: number;
  confirmed: { orderId: string; userId: number; quantity: number }[];
  reserved: { orderId: string; userId: number; quantity: number; expiresAtMs: number }[];
}

/**
 * The order-side inventory operations (one Lua file each). Negative codes become InventoryErrors
 * (sold_out, per_user_limit_reached, inventory_not_initialised, …) through checkInventoryReply.
 */
export function createReservationOps(redis: Redis, runScript: RunScript) {
  const fiveKeys = (dropId: number) => {
    const k = inventoryKeys(dropId);
    return [k.stock, k.reservations, k.reservationExpiry, k.userPurchases, dropKeys(dropId).ordersInflight];
  };
  const sixKeys = (dropId: number) => {
    const k = inventoryKeys(dropId);
    return [k.stock, k.reservations, k.reservationExpiry, k.userPurchases, k.inventoryMeta, dropKeys(dropId).ordersInflight];
  };
  return {
    /** Holds `quantity` units for the order; `created` is false for a retry of a held order. */
    async reserve(
      dropId: number,
      input: { orderId: string; userId: number; quantity: number; perUserLimit: number; expiresAtMs: number },
    ): Promise<{ created: boolean; stockLeft: number }> {
      const reply = checkInventoryReply(
        'reserve',
        await runScript(redis, 'reserve', sixKeys(dropId), [
          input.orderId, input.userId, input.quantity, input.perUserLimit, input.expiresAtMs,
        ]),
      ) as number[];
      return { created: reply[0] === 1, stockLeft: Number(reply[1]) };
    },

    /** RESERVED → CONFIRMED. `soldOut` when nothing is left to sell and nothing is held. */
    async confirm(dropId: number, orderId: string) {
      const reply = checkInventoryReply(
        'confirm',
        await runScript(redis, 'confirm', sixKeys(dropId), [orderId]),
      ) as number[];
      const [code, stock, total, sold] = reply.map(Number) as [number, number, number, number];
      return { confirmedNow: code !== 2, stock, total, sold, soldOut: stock === 0 && sold >= total };
    },

    /** RESERVED → RELEASED; `released` is true only for the call that returned the units. */
    async release(dropId: number, orderId: string, userId: number): Promise<{ released: boolean; stock: number }> {
      const reply = checkInventoryReply(
        'release',
        await runScript(redis, 'release', fiveKeys(dropId), [orderId, userId]),
      ) as number[];
      return { released: reply[0] === 1, stock: Number(reply[1]) };
    },

    /** Releases those of `orderIds` that are still RESERVED and expired at `nowMs`; returns the released ids. */
    async expire(dropId: number, orderIds: string[], nowMs: number): Promise<string[]> {
      if (orderIds.length === 0) return [];
      return (await runScript(redis, 'expire', fiveKeys(dropId), [nowMs, ...orderIds])) as string[];
    },

    /** Rebuilds the drop's inventory from MySQL facts when Redis lost it; a no-op when initialised. */
    async rebuild(dropId: number, input: RebuildInput): Promise<{ rebuilt: boolean; stock: number }> {
      const data = JSON.stringify({
        confirmed: input.confirmed.map((o) => [o.orderId, String(o.userId), o.quantity]),
        reserved: input.reserved.map((o) => [o.orderId, String(o.userId), o.quantity, String(o.expiresAtMs)]),
      });
      const reply = checkInventoryReply(
        'rebuild-inventory',
        await runScript(redis, 'rebuild-inventory', sixKeys(dropId), [input.total, data]),
      ) as number[];
      return { rebuilt: reply[0] === 1, stock: Number(reply[1]) };
    },

    /** Every reservation of the drop (for reconciliation). */
    async reservations(dropId: number): Promise<Reservation[]> {
      const all = await redis.hGetAll(inventoryKeys(dropId).reservations);
      return Object.entries(all).map(([orderId, value]) => parseReservation(orderId, value));
    },
  };
}
