import type { Queue } from 'bullmq';
import type { Knex } from '@livedrop/common';
import type { EventConsumer } from '../events/events-worker';
import { createDropsRepo } from '../../repos/drops-repo';
import { DROP_STARTED_BATCH, dropStartedJobId, FANOUT_JOB_OPTS, planDropStartedPages } from './drop-started-fanout';

/** On `drop.live`, queues every follower page of the drop's creator at once (one job per page). */
export function createDropStartedTrigger(deps: { knex: Knex; notifications: Queue; batchSize?: number }): EventConsumer {
  const drops = createDropsRepo(deps.knex);
  return async (event) => {
    if (event.type !== 'drop.live') return;
    const dropId = Number(event.payload.dropId ?? event.aggregateId);
    if (!Number.isSafeInteger(dropId) || dropId <= 0) return;
    const creatorId = Number(event.payload.creatorId ?? (await drops.creatorOf(dropId)));
    if (!Number.isSafeInteger(creatorId) || creatorId <= 0) return;
    const pages = await planDropStartedPages(deps.knex, dropId, creatorId, deps.batchSize ?? 1000);
    await deps.notifications.addBulk(pages.map((page) => ({
      name: DROP_STARTED_BATCH, data: page, opts: { jobId: dropStartedJobId(page), ...FANOUT_JOB_OPTS },
    })));
  };
}
