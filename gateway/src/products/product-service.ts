import { conflict, notFound, productFromRow, recordEvent, type Knex, type ProductFacts } from '@livedrop/common';
import { toPage, type Cursor } from '../http/pagination';
import { createProductsRepo, type ProductFields, type ProductRow } from './products-repo';

export type Product = ProductFacts;

export const toProduct = productFromRow;

/**
 * A creator manages only their own products. Someone else's product answers 404 product_not_found, the same
 * as a missing one, so ids of unpublished products cannot be probed.
 */
export function createProductService(knex: Knex) {
  const products = createProductsRepo(knex);

  async function ownedForUpdate(creatorId: number, productId: number, trx: Knex.Transaction): Promise<ProductRow> {
    const row = await products.findLive(productId, trx, true);
    if (!row || Number(row.creator_id) !== creatorId) throw notFound('product_not_found', `no product ${productId} of yours`);
    return row;
  }

  return {
    async create(creatorId: number, fields: ProductFields): Promise<Product> {
      return knex.transaction(async (trx) => {
        const id = await products.insert(creatorId, fields, trx);
        const row = (await products.findLive(id, trx))!;
        await recordEvent(trx, { type: 'product.created', aggregateType: 'product', aggregateId: id, payload: { productId: id, creatorId } });
        return toProduct(row);
      });
    },
    async get(creatorId: number, productId: number): Promise<Product> {
      const row = await products.findLive(productId);
      if (!row || Number(row.creator_id) !== creatorId) throw notFound('product_not_found', `no product ${productId} of yours`);
      return toProduct(row);
    },
    async listMine(creatorId: number, limit: number, cursor?: Cursor) {
      const rows = await products.listByCreator(creatorId, limit, cursor);
      const page = toPage(rows, limit, (r) => ({ createdAt: new Date(r.created_at), id: Number(r.id) }));
      return { items: page.items.map(toProduct), nextCursor: page.nextCursor };
    },
    async update(creatorId: number, productId: number, fields: Partial<ProductFields>): Promise<Product> {
      return knex.transaction(async (trx) => {
        await ownedForUpdate(creatorId, productId, trx);
        await products.update(productId, fields, trx);
        await recordEvent(trx, {
          type: 'product.updated', aggregateType: 'product', aggregateId: productId,
          payload: { productId, creatorId, fields: Object.keys(fields) },
        });
        return toProduct((await products.findLive(productId, trx))!);
      });
    },
    async remove(creatorId: number, productId: number): Promise<void> {
      await knex.transaction(async (trx) => {
        await ownedForUpdate(creatorId, productId, trx);
        if ((await products.countActiveDrops(productId, trx)) > 0) {
          throw conflict('product_has_active_drop', 'cancel or finish the scheduled/live drop of this product first');
        }
        await products.softDelete(productId, trx);
        await recordEvent(trx, { type: 'product.deleted', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId } });
      });
    },
  };
}
