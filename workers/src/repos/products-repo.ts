import type { Knex } from '@livedrop/common';

/** The workers' reads of `products` (the gateway writes them). */
export function createProductsRepo(knex: Knex) {
  return {
    async creatorOf(productId: number): Promise<number | undefined> {
      const row = await knex('products').where({ id: productId }).first<{ creator_id: number } | undefined>('creator_id');
      return row ? Number(row.creator_id) : undefined;
    },
  };
}
