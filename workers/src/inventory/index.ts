export { createInventory, type Inventory, type InventorySnapshot, type InitialiseResult } from './inventory';
export { InventoryError, checkInventoryReply, INVENTORY_ERROR_CODES } from './inventory-errors';
export { parseReservation, type Reservation, type ReservationState, type RebuildInput } from './reservations';
export { rebuildInventoryFromMysql } from './rebuild-from-mysql';
