import type { Knex } from '@livedrop/common';

type Db = Knex | Knex.Transaction;

export interface Sale { dropId: number; orderId: string; quantity: number }

/** The `inventory_ledger`: one row per sale, keyed by (order, reason), so recording a sale twice is a no-op. */
export function createLedgerRepo(knex: Knex) {
  return {
    async recordSales(sales: Sale[], trx: Knex.Transaction): Promise<void> {
      if (sales.length === 0) return;
      await trx('inventory_ledger')
        .insert(sales.map((s) => ({ drop_id: s.dropId, order_id: s.orderId, delta: -s.quantity, reason: 'sale' })))
        .onConflict().ignore();
    },

    /** Units the ledger says were sold (its sale deltas are negative). */
    async soldUnits(dropId: number, trx?: Db): Promise<number> {
      const row = await (trx ?? knex)('inventory_ledger').where({ drop_id: dropId, reason: 'sale' }).sum({ delta: 'delta' }).first();
      return -Number(row?.delta ?? 0);
    },
  };
}
