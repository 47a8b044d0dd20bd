import type { Knex, ProductRow as ProductTableRow } from '@livedrop/common';
import { OPEN_DROP_STATUSES } from '@livedrop/common';
import type { Cursor } from '../http/pagination';

export interface ProductRow extends ProductTableRow {
  media_urls: string | string[];
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface ProductFields {
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  mediaUrls: string[];
}

const COLUMNS: Record<keyof ProductFields, string> = {
  title: 'title', description: 'description', priceMinor: 'price_minor', currency: 'currency', mediaUrls: 'media_urls',
};

function toColumns(fields: Partial<ProductFields>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields) as [keyof ProductFields, unknown][]) {
    if (value === undefined) continue;
    row[COLUMNS[key]] = key === 'mediaUrls' ? JSON.stringify(value) : value;
  }
  return row;
}

/** Products are soft-deleted (orders and drops keep pointing at them); every read here skips deleted rows. */
export function createProductsRepo(knex: Knex) {
  return {
    async insert(creatorId: number, fields: ProductFields, trx: Knex.Transaction): Promise<number> {
      const [id] = await trx('products').insert({ creator_id: creatorId, ...toColumns(fields) });
      return Number(id);
    },
    async findLive(id: number, trx?: Knex.Transaction, lock = false): Promise<ProductRow | undefined> {
      const q = (trx ?? knex)<ProductRow>('products').where({ id }).whereNull('deleted_at');
      return (lock ? q.forUpdate() : q).first();
    },
    async update(id: number, fields: Partial<ProductFields>, trx: Knex.Transaction) {
      await trx('products').where({ id }).update({ ...toColumns(fields), updated_at: knex.fn.now(3) });
    },
    async softDelete(id: number, trx: Knex.Transaction) {
      await trx('products').where({ id }).update({ deleted_at: knex.fn.now(3), updated_at: knex.fn.now(3) });
    },
    /** A creator's live products, newest first, continuing after `cursor` (keyset). */
    async listByCreator(creatorId: number, limit: number, cursor?: Cursor): Promise<ProductRow[]> {
      const q = knex<ProductRow>('products').where({ creator_id: creatorId }).whereNull('deleted_at')
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(limit + 1);
      if (cursor) {
        q.where((w) => w.where('created_at', '<', cursor.createdAt)
          .orWhere((x) => x.where('created_at', '=', cursor.createdAt).andWhere('id', '<', cursor.id)));
      }
      return q;
    },
    /** Drops that still need the product (a scheduled or live drop would sell something that vanished). */
    async countActiveDrops(productId: number, trx: Knex.Transaction): Promise<number> {
      // sold_out is still running (stock can come back), so it counts as active.
      const row = await trx('drops').where({ product_id: productId }).whereIn('status', OPEN_DROP_STATUSES).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
