import type { Knex } from '@livedrop/common';
import type { DropStatus } from '@livedrop/workflows';
import type { DropPlan } from './drop-input';

export interface DropRow {
  id: number;
  product_id: number;
  creator_id: number;
  prequeue_opens_at: Date;
  starts_at: Date;
  ends_at: Date;
  total_stock: number;
  /** Fixed from the product at scheduling; null only for drops scheduled before the column existed. */
  price_minor: number | null;
  currency: string | null;
  per_user_limit: number;
  admission_rate_per_s: number;
  checkout_window_s: number;
  status: DropStatus;
  seed_hash: string;
  seed: string | null;
  workflow_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface ProductOwnerRow {
  id: number;
  creator_id: number;
  deleted_at: Date | null;
  price_minor: number;
  currency: string;
}

const planColumns = (plan: DropPlan) => ({
  prequeue_opens_at: new Date(plan.prequeueOpensAt),
  starts_at: new Date(plan.startsAt),
  ends_at: new Date(plan.endsAt),
  total_stock: plan.totalStock,
  per_user_limit: plan.perUserLimit,
  admission_rate_per_s: plan.admissionRatePerS,
  checkout_window_s: plan.checkoutWindowS,
});

export const rowToPlan = (row: DropRow): DropPlan => ({
  prequeueOpensAt: new Date(row.prequeue_opens_at).toISOString(),
  startsAt: new Date(row.starts_at).toISOString(),
  endsAt: new Date(row.ends_at).toISOString(),
  totalStock: Number(row.total_stock),
  perUserLimit: Number(row.per_user_limit),
  admissionRatePerS: Number(row.admission_rate_per_s),
  checkoutWindowS: Number(row.checkout_window_s),
});

/** Drops in MySQL. Methods take an optional transaction so use cases can group writes with their event. */
export function createDropsRepo(knex: Knex) {
  return {
    async findProduct(productId: number, trx?: Knex.Transaction): Promise<ProductOwnerRow | undefined> {
      return (trx ?? knex)<ProductOwnerRow>('products').where({ id: productId }).first('id', 'creator_id', 'deleted_at', 'price_minor', 'currency');
    },

    async findById(dropId: number, trx?: Knex.Transaction, opts: { forUpdate?: boolean } = {}): Promise<DropRow | undefined> {
      const query = (trx ?? knex)<DropRow>('drops').where({ id: dropId });
      return (opts.forUpdate ? query.forUpdate() : query).first();
    },

    /**
     * Inserts the drop and its secret seed (kept apart from `drops` until the start reveals it). The product's
     * price and currency are copied onto the drop: that is what its shoppers see and are charged.
     */
    async insert(
      drop: {
        productId: number; creatorId: number; plan: DropPlan; seed: string; seedHash: string; workflowIdFor: (id: number) => string;
        price: { minor: number; currency: string };
      },
      trx: Knex.Transaction,
    ): Promise<number> {
      const [id] = await trx('drops').insert({
        product_id: drop.productId,
        creator_id: drop.creatorId,
        price_minor: drop.price.minor,
        currency: drop.price.currency,
        ...planColumns(drop.plan),
        status: 'scheduled',
        seed_hash: drop.seedHash,
      });
      const dropId = Number(id);
      await trx('drops').where({ id: dropId }).update({ workflow_id: drop.workflowIdFor(dropId) });
      await trx('drop_seed_secrets').insert({ drop_id: dropId, seed: drop.seed });
      return dropId;
    },

    /** Writes a new plan only if the version is still the one read (optimistic concurrency); returns rows changed. */
    async updatePlan(dropId: number, expectedVersion: number, plan: DropPlan, trx: Knex.Transaction): Promise<number> {
      return trx('drops')
        .where({ id: dropId, version: expectedVersion, status: 'scheduled' })
        .update({ ...planColumns(plan), version: expectedVersion + 1, updated_at: trx.fn.now(3) });
    },
  };
}
