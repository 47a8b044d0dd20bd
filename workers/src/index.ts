export { createActivities } from './activities';
export { createDropActivities } from './activities/drop-activities';
export { createInventory, InventoryError, rebuildInventoryFromMysql } from './inventory';
