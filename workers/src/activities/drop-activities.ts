import { ApplicationFailure } from '@temporalio/activity';
import { recordEvent, type Knex, type Logger, type Redis } from '@livedrop/common';
import { canTransition, transitionEvent, type DropActivities, type DropStatus } from '@livedrop/workflows';
import { createInventory } from '../inventory';

export interface DropActivityDeps {
  knex: Knex;
  redis: Redis;
  logger: Logger;
}

interface DropRow {
  id: number;
  product_id: number;
  creator_id: number;
  status: DropStatus;
  total_stock: number;
  starts_at: Date;
  ends_at: Date;
  seed_hash: string;
}

const dropNotFound = (dropId: number) => ApplicationFailure.nonRetryable(`drop ${dropId} does not exist`, 'DropNotFound');

/**
 * Units already sold: the larger of the ledger's sales and the confirmed orders, so a lagging ledger
 * can never make Redis offer a unit twice.
 */
async function soldUnits(trx: Knex.Transaction, dropId: number): Promise<number> {
  const ledger = await trx('inventory_ledger').where({ drop_id: dropId, reason: 'sale' }).sum({ delta: 'delta' }).first();
  const orders = await trx('orders').where({ drop_id: dropId, status: 'confirmed' }).sum({ qty: 'quantity' }).first();
  return Math.max(-Number(ledger?.delta ?? 0), Number(orders?.qty ?? 0), 0);
}

/** The drop-lifecycle workflow's activities. Both are idempotent: Temporal may run them more than once. */
export function createDropActivities({ knex, redis, logger }: DropActivityDeps): DropActivities {
  const inventory = createInventory(redis);
  return {
    async prepareDropInventory({ dropId, force }) {
      return knex.transaction(async (trx) => {
        // FOR UPDATE waits for an edit of total_stock that is being committed: never build from a stale total.
        const drop = await trx<DropRow>('drops').where({ id: dropId }).forUpdate().first('id', 'total_stock', 'seed_hash');
        if (!drop) throw dropNotFound(dropId);
        const sold = await soldUnits(trx, dropId);
        // The seed hash is random per drop: Redis keys carrying another one belong to another drop with this id.
        const result = await inventory.initialise(dropId, { total: Number(drop.total_stock), sold, force, fingerprint: drop.seed_hash });
        logger.info({ dropId, total: drop.total_stock, sold, ...result }, 'drop inventory prepared');
        return result;
      });
    },

    async transitionDrop(dropId, from, to, reason) {
      return knex.transaction(async (trx) => {
        const drop = await trx<DropRow>('drops').where({ id: dropId }).forUpdate().first();
        if (!drop) throw dropNotFound(dropId);
        if (drop.status === to) return to; // a retried activity: already done, record nothing twice
        if (drop.status !== from) {
          logger.warn({ dropId, from, to, actual: drop.status }, 'drop status moved elsewhere; keeping it');
          return drop.status;
        }
        if (!canTransition(from, to)) {
          throw ApplicationFailure.nonRetryable(`drop ${dropId} cannot go from ${from} to ${to}`, 'InvalidDropTransition');
        }
        const patch: Record<string, unknown> = { status: to, version: trx.raw('version + 1'), updated_at: trx.fn.now(3) };
        let seed: string | undefined;
        if (to === 'live' && from === 'scheduled') {
          // The reveal: the secret seed becomes public in the same transaction as the start.
          seed = (await trx('drop_seed_secrets').where({ drop_id: dropId }).first('seed'))?.seed as string | undefined;
          if (seed) patch.seed = seed;
        }
        await trx('drops').where({ id: dropId }).update(patch);
        await recordEvent(trx, {
          type: transitionEvent(from, to),
          aggregateType: 'drop',
          aggregateId: dropId,
          payload: {
            dropId, creatorId: Number(drop.creator_id), productId: Number(drop.product_id), from, to,
            startsAt: new Date(drop.starts_at).toISOString(), endsAt: new Date(drop.ends_at).toISOString(),
            ...(reason ? { reason } : {}),
            ...(seed ? { seed, seedHash: drop.seed_hash } : {}),
          },
        });
        logger.info({ dropId, from, to, reason }, 'drop status changed');
        return to;
      });
    },
  };
}
