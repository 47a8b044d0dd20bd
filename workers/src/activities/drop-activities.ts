import { ApplicationFailure } from '@temporalio/activity';
import { recordEvent, type Knex, type Logger, type Redis } from '@livedrop/common';
import { canTransition, transitionEvent, type DropActivities } from '@livedrop/workflows';
import { createInventory } from '../inventory';
import { createRepos, unitsSold } from '../repos';

export interface DropActivityDeps {
  knex: Knex;
  redis: Redis;
  logger: Logger;
}

const dropNotFound = (dropId: number) => ApplicationFailure.nonRetryable(`drop ${dropId} does not exist`, 'DropNotFound');

/** The drop-lifecycle workflow's activities. Both are idempotent: Temporal may run them more than once. */
export function createDropActivities({ knex, redis, logger }: DropActivityDeps): DropActivities {
  const inventory = createInventory(redis);
  const repos = createRepos(knex);
  return {
    async prepareDropInventory({ dropId, force }) {
      return knex.transaction(async (trx) => {
        // FOR UPDATE waits for an edit of total_stock that is being committed: never build from a stale total.
        const drop = await repos.drops.lock(dropId, trx);
        if (!drop) throw dropNotFound(dropId);
        const sold = await unitsSold(repos, dropId, trx);
        // The seed hash is random per drop: Redis keys carrying another one belong to another drop with this id.
        const result = await inventory.initialise(dropId, { total: Number(drop.total_stock), sold, force, fingerprint: drop.seed_hash });
        logger.info({ dropId, total: drop.total_stock, sold, ...result }, 'drop inventory prepared');
        return result;
      });
    },

    async transitionDrop(dropId, from, to, reason) {
      return knex.transaction(async (trx) => {
        const drop = await repos.drops.lock(dropId, trx);
        if (!drop) throw dropNotFound(dropId);
        if (drop.status === to) return to; // a retried activity: already done, record nothing twice
        if (drop.status !== from) {
          logger.warn({ dropId, from, to, actual: drop.status }, 'drop status moved elsewhere; keeping it');
          return drop.status;
        }
        if (!canTransition(from, to)) {
          throw ApplicationFailure.nonRetryable(`drop ${dropId} cannot go from ${from} to ${to}`, 'InvalidDropTransition');
        }
        // The reveal: the secret seed becomes public in the same transaction as the start.
        const seed = to === 'live' && from === 'scheduled' ? await repos.drops.seedSecretOf(dropId, trx) : undefined;
        await repos.drops.setStatus(dropId, to, trx, seed);
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
