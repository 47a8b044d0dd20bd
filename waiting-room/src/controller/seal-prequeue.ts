import { dropKeys, pushToUser, type Logger, type Redis } from '@livedrop/common';
import { queueScripts } from '../lua/scripts';
import { seedMatchesHash, shufflePrequeue } from '../prequeue-shuffle';
import type { QueueDrop } from '../queue/drop-directory';

/**
 * At the start: freeze the pre-queue, shuffle it with the revealed seed (prequeue-shuffle.ts) and hand out
 * tickets 1..k in that order, then k+1.. to anyone who joined while this ran. Safe to repeat after a crash:
 * the frozen set and the seed give the same order. Returns false when the seed is not revealed yet.
 */
export async function sealPrequeue(redis: Redis, drop: QueueDrop, logger: Logger): Promise<boolean> {
  if (!drop.seed) {
    logger.warn({ dropId: drop.id }, 'drop is live but its shuffle seed is not revealed yet; pre-queue stays closed');
    return false;
  }
  if (!seedMatchesHash(drop.seed, drop.seedHash)) {
    // Still seal (the queue must move), but loudly: anyone verifying the shuffle will see the mismatch.
    logger.error({ dropId: drop.id }, 'revealed seed does not match the published seed_hash');
  }
  const run = queueScripts();
  const k = dropKeys(drop.id);
  const closed = (await run(redis, 'close-prequeue', [k.admission, k.prequeue], [])) as (string | number)[];
  if (closed[0] === -1) return true; // another controller (or an earlier tick) already opened it
  const order = shufflePrequeue(drop.seed, closed.slice(1) as string[]);
  const sealed = await run(redis, 'seal-prequeue',
    [k.admission, k.prequeue, k.queueLate, k.tickets, k.ticketOwners, k.queueSeq], order);
  if (sealed === -1) return true;
  if (!Array.isArray(sealed)) throw new Error(`seal-prequeue for drop ${drop.id} failed (${String(sealed)})`);
  const late = (sealed as (string | number)[]).slice(1);
  const assigned = [...order.map((userId, i) => [userId, i + 1]), ...late.map((userId, i) => [Number(userId), order.length + i + 1])];
  await Promise.all(assigned.map(([userId, ticket]) =>
    pushToUser(redis, userId!, { type: 'ticket_assigned', dropId: drop.id, ticket: ticket! })));
  logger.info({ dropId: drop.id, prequeue: order.length, late: late.length }, 'pre-queue shuffled and ticketed');
  return true;
}
