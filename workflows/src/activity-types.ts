// Workflows import only these types; the implementations live in workers/src/activities.
import type { DropStatus } from './shared';
import type { OrderActivities } from './order-types';
import type { OrderBatchActivities } from './order-batch-types';
export type Activities = DropActivities & OrderActivities & OrderBatchActivities;

/** Drop lifecycle activities (workers/src/activities/drop-activities.ts). Both are idempotent. */
export interface DropActivities {
  /** Builds the drop's Redis inventory from MySQL (total − sold); does nothing if already built unless `force`. */
  prepareDropInventory(input: { dropId: number; force?: boolean }): Promise<{ initialised: boolean; stock: number }>;
  /** Moves drops.status from → to with a drop.<status> outbox event; returns the status MySQL now holds. */
  transitionDrop(dropId: number, from: DropStatus, to: DropStatus, reason?: string): Promise<DropStatus>;
}
