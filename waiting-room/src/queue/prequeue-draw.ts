import { dropKeys, type Redis } from '@livedrop/common';

export interface PrequeueDraw {
  /** True once the pre-queue was shuffled and ticketed (within a tick of the start). */
  sealed: boolean;
  /** The frozen pre-queue, ascending: with the revealed seed, anyone can recompute tickets 1..k. */
  userIds: number[];
}

/** The input of the pre-queue draw (waiting-room/README.md, "The pre-queue shuffle"). */
export async function readPrequeueDraw(redis: Redis, dropId: number): Promise<PrequeueDraw> {
  const k = dropKeys(dropId);
  const [phase, size] = await redis.hmGet(k.admission, ['phase', 'prequeueSize']);
  if (phase !== 'open' || size === null || size === undefined) return { sealed: false, userIds: [] };
  const members = await redis.sMembers(k.prequeue);
  return { sealed: true, userIds: members.map(Number).sort((a, b) => a - b) };
}
