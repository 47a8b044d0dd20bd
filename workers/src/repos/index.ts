import type { Knex } from '@livedrop/common';
import { createDropsRepo } from './drops-repo';
import { createLedgerRepo } from './ledger-repo';
import { createOrdersRepo } from './orders-repo';
import { createProductsRepo } from './products-repo';

/** The workers' repositories over one knex (each method takes the transaction it must run in, where it needs one). */
export function createRepos(knex: Knex) {
  return { orders: createOrdersRepo(knex), drops: createDropsRepo(knex), ledger: createLedgerRepo(knex), products: createProductsRepo(knex) };
}

export type Repos = ReturnType<typeof createRepos>;

/**
 * Units sold per MySQL: the larger of the ledger's sales and the confirmed orders, so a lagging ledger can never
 * make Redis offer a unit twice (inventory preparation and reconciliation both build from this).
 */
export async function unitsSold(repos: Repos, dropId: number, trx?: Knex.Transaction): Promise<number> {
  return Math.max(await repos.ledger.soldUnits(dropId, trx), await repos.orders.confirmedUnits(dropId, trx), 0);
}
