import { UNIT_HOLDING_ORDER_STATUSES, type Knex } from '@livedrop/common';
import { createRepos } from '../repos';
import type { Inventory } from './inventory';

// Restored reservations get a fresh expiry: MySQL does not keep the original one, and their workflows
// are still running and will confirm or release them.
const RESTORED_RESERVATION_TTL_MS = 10 * 60_000;

/**
 * Rebuilds a drop's Redis inventory from the MySQL truth after Redis lost it: confirmed orders are sold,
 * orders MySQL calls reserved/paid keep their units. Nothing happens when Redis is already initialised.
 */
export async function rebuildInventoryFromMysql(knex: Knex, inventory: Inventory, dropId: number, nowMs = Date.now()) {
  const repos = createRepos(knex);
  const total = await repos.drops.totalStockOf(dropId);
  if (total === undefined) throw new Error(`drop ${dropId} does not exist`);
  const rows = await repos.orders.unitsOfDrop(dropId, UNIT_HOLDING_ORDER_STATUSES);
  const toEntry = (r: (typeof rows)[number]) => ({ orderId: r.id, userId: Number(r.user_id), quantity: Number(r.quantity) });
  return inventory.rebuild(dropId, {
    total,
    confirmed: rows.filter((r) => r.status === 'confirmed').map(toEntry),
    reserved: rows
      .filter((r) => r.status !== 'confirmed')
      .map((r) => ({ ...toEntry(r), expiresAtMs: nowMs + RESTORED_RESERVATION_TTL_MS })),
  });
}
