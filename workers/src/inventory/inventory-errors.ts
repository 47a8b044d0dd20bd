import { AppError } from '@livedrop/common';

/**
 * The one place where negative Lua return codes of this folder become typed errors. Each operation
 * lists the codes it can return; a code another operation owns is never reused with a new meaning.
 */
export const INVENTORY_ERROR_CODES = {
  [-1]: { status: 422, code: 'invalid_inventory_numbers', message: 'sold and held units exceed the total' },
  // reserve / confirm / release / expire (orders)
  [-2]: { status: 503, code: 'inventory_not_initialised', message: 'the drop inventory is not initialised (rebuild from MySQL)' },
  [-3]: { status: 409, code: 'sold_out', message: 'no unit left' },
  [-4]: { status: 409, code: 'per_user_limit_reached', message: 'this order would exceed the per-user limit' },
  [-5]: { status: 409, code: 'reservation_released', message: 'the reservation was already released' },
  [-6]: { status: 404, code: 'reservation_not_found', message: 'no reservation for this order' },
  [-7]: { status: 409, code: 'reservation_confirmed', message: 'the reservation is confirmed and cannot be released' },
  // reserve, as { -8, available }: some units are left, fewer than asked (the shopper may ask for fewer)
  [-8]: { status: 409, code: 'not_enough_stock', message: 'fewer units left than asked' },
} as const satisfies Record<number, { status: number; code: string; message: string }>;

export class InventoryError extends AppError {
  constructor(status: number, code: string, message: string, readonly luaCode: number, readonly available?: number) {
    super(status, code, message, true, undefined, available === undefined ? undefined : { available });
    this.name = 'InventoryError';
  }
}

/**
 * Throws the InventoryError for a negative reply (a bare code, or `{ code, available }`); returns the
 * reply unchanged otherwise.
 */
export function checkInventoryReply<T>(operation: string, reply: T): T {
  const withCount = Array.isArray(reply) && typeof reply[0] === 'number' && reply[0] < 0;
  const code = withCount ? (reply as number[])[0]! : reply;
  if (typeof code !== 'number' || code >= 0) return reply;
  const available = withCount ? Number((reply as number[])[1]) : undefined;
  const known = (INVENTORY_ERROR_CODES as Record<number, { status: number; code: string; message: string }>)[code];
  if (!known) throw new InventoryError(500, 'inventory_script_failed', `${operation} returned unknown code ${code}`, code);
  throw new InventoryError(known.status, known.code, `${operation}: ${known.message}`, code, available);
}
