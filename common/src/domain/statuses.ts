// The drop and order statuses, once: zod enums, views, queries and the workflows derive from these
// tuples, so a renamed or added status fails the typecheck wherever it matters.

export const DROP_STATUSES = ['scheduled', 'live', 'sold_out', 'ended', 'cancelled'] as const;
export type DropStatus = (typeof DROP_STATUSES)[number];

/** Not finished yet: shown to shoppers, and a product with such a drop can't be deleted. */
export const OPEN_DROP_STATUSES = ['scheduled', 'live', 'sold_out'] as const satisfies readonly DropStatus[];
/** Selling or sold out but not ended: the queue is admitting and counts are reconciled. */
export const RUNNING_DROP_STATUSES = ['live', 'sold_out'] as const satisfies readonly DropStatus[];

export const ORDER_STATUSES = ['pending', 'reserved', 'paid', 'confirmed', 'declined', 'cancelled', 'expired', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
/** Final without a sale: the order holds nothing and owes nothing (a charge that landed was refunded). */
export const FAILED_ORDER_STATUSES = ['declined', 'cancelled', 'expired', 'failed'] as const satisfies readonly OrderStatus[];
/** Nothing will change an order in one of these any more. */
export const FINAL_ORDER_STATUSES = ['confirmed', ...FAILED_ORDER_STATUSES] as const satisfies readonly OrderStatus[];
