import { bumpCacheVersions, DROP_LIST_SCOPE, type CacheEntity, type DomainEvent, type Knex, type Redis } from '@livedrop/common';
import { createRepos } from '../../repos';
import type { EventConsumer } from './events-worker';

const idFrom = (value: unknown): number | undefined => {
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

type EventOfFamily<F extends string> = Extract<DomainEvent, { type: `${F}.${string}` }>;
const inFamily = <F extends string>(event: DomainEvent, family: F): event is EventOfFamily<F> => event.type.startsWith(`${family}.`);

/** The payload's id, else the aggregate id when the event is about that aggregate (older rows may lack the field). */
const entityId = (event: DomainEvent, id: unknown, aggregateType: string) =>
  idFrom(id) ?? (event.aggregateType === aggregateType ? idFrom(event.aggregateId) : undefined);

/**
 * Bumps the cache versions of everything an event can change, so read-api's next read misses and loads
 * from MySQL. Missing ids in a payload are looked up: producers need not know what read-api caches.
 */
export function createCacheInvalidation(deps: { knex: Knex; redis: Redis }): EventConsumer {
  const { drops, products } = createRepos(deps.knex);
  return async (event) => {
    const targets: [CacheEntity, number][] = [];
    if (inFamily(event, 'product')) {
      const productId = entityId(event, event.payload.productId, 'product');
      if (!productId) return;
      const creatorId = idFrom(event.payload.creatorId) ?? idFrom(await products.creatorOf(productId));
      const dropIds = await drops.idsOfProduct(productId);
      targets.push(['product', productId], ['drop-list', 0], ...dropIds.map((id): [CacheEntity, number] => ['drop', id]));
      if (creatorId) targets.push(['creator', creatorId]);
    } else if (inFamily(event, 'drop')) {
      const dropId = entityId(event, event.payload.dropId, 'drop');
      if (!dropId) return;
      const creatorId = idFrom('creatorId' in event.payload ? event.payload.creatorId : undefined) ?? idFrom(await drops.creatorOf(dropId));
      targets.push(['drop', dropId], ['drop-list', 0]);
      if (creatorId) targets.push(['creator', creatorId]);
    } else if (inFamily(event, 'follow')) {
      const creatorId = idFrom(event.payload.creatorId);
      if (creatorId) targets.push(['creator', creatorId]);
    } else {
      return; // orders and users change nothing read-api caches
    }
    await bumpCacheVersions(
      deps.redis,
      targets.map(([entity, id]) => [entity, entity === 'drop-list' ? DROP_LIST_SCOPE : id]),
    );
  };
}
