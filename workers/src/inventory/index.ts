export { createInventory } from './inventory';
export { InventoryError } from './inventory-errors';
export { type Reservation } from './reservations';
export { rebuildInventoryFromMysql } from './rebuild-from-mysql';
