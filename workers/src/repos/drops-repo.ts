import type { DropStatus, Knex } from '@livedrop/common';

type Db = Knex | Knex.Transaction;

/** What a drop-started alert says: the drop with its product's title. */
export interface DropSummary {
  id: number;
  creator_id: number;
  product_id: number;
  status: DropStatus;
  starts_at: Date;
  ends_at: Date;
  title: string;
}

export interface DropRow {
  id: number;
  product_id: number;
  creator_id: number;
  status: DropStatus;
  total_stock: number;
  starts_at: Date;
  ends_at: Date;
  seed_hash: string;
}

/** The workers' reads and writes of `drops` (and the drop's seed secret, which only the start reveals). */
export function createDropsRepo(knex: Knex) {
  const statusOf = async (dropId: number, trx?: Db): Promise<DropStatus | undefined> =>
    (await (trx ?? knex)('drops').where({ id: dropId }).first<{ status: DropStatus } | undefined>('status'))?.status;

  return {
    statusOf,

    async totalStockOf(dropId: number): Promise<number | undefined> {
      const row = await knex('drops').where({ id: dropId }).first<{ total_stock: number } | undefined>('total_stock');
      return row ? Number(row.total_stock) : undefined;
    },

    /** The drop row, locked (FOR UPDATE) for the rest of the transaction: a concurrent edit or sale waits. */
    async lock(dropId: number, trx: Knex.Transaction): Promise<DropRow | undefined> {
      return trx<DropRow>('drops').where({ id: dropId }).forUpdate().first();
    },

    /**
     * Raises the drop's sold count only while it stays within the stock and the drop is not cancelled (a guarded
     * update: a cancel and a confirm serialise on the drop row). Returns why it refused, or undefined when sold.
     */
    async sellWithinStock(dropId: number, quantity: number, trx: Knex.Transaction): Promise<'oversell_refused' | 'drop_cancelled' | undefined> {
      const changed = await trx('drops').where({ id: dropId }).whereNot('status', 'cancelled')
        .andWhereRaw('sold_units + ? <= total_stock', [quantity])
        .update({ sold_units: trx.raw('sold_units + ?', [quantity]) });
      if (changed === 1) return undefined;
      return (await statusOf(dropId, trx)) === 'cancelled' ? 'drop_cancelled' : 'oversell_refused';
    },

    /** Moves the drop to `to`, bumping its version; `seed` is set with the start (the reveal). */
    async setStatus(dropId: number, to: DropStatus, trx: Knex.Transaction, seed?: string): Promise<void> {
      await trx('drops').where({ id: dropId })
        .update({ status: to, version: trx.raw('version + 1'), updated_at: trx.fn.now(3), ...(seed ? { seed } : {}) });
    },

    async seedSecretOf(dropId: number, trx: Knex.Transaction): Promise<string | undefined> {
      return (await trx('drop_seed_secrets').where({ drop_id: dropId }).first('seed'))?.seed as string | undefined;
    },

    async creatorOf(dropId: number): Promise<number | undefined> {
      const row = await knex('drops').where({ id: dropId }).first<{ creator_id: number } | undefined>('creator_id');
      return row ? Number(row.creator_id) : undefined;
    },

    async idsOfProduct(productId: number): Promise<number[]> {
      return (await knex('drops').where({ product_id: productId }).pluck('id')).map(Number);
    },

    async summaryOf(dropId: number): Promise<DropSummary | undefined> {
      return (await knex('drops').join('products', 'products.id', 'drops.product_id').where('drops.id', dropId)
        .first('drops.id', 'drops.creator_id', 'drops.product_id', 'drops.status', 'drops.starts_at', 'drops.ends_at', 'products.title')) as
        | DropSummary
        | undefined;
    },

    async idsWithStatus(statuses: readonly DropStatus[]): Promise<number[]> {
      return (await knex('drops').whereIn('status', statuses).pluck('id')).map(Number);
    },
  };
}
