// Which drops.status changes are legal, and which outbox event each one records. Pure: shared by the
// workflow, the transition activity and the gateway.
import type { DropStatus } from './shared';

const TRANSITIONS: Record<DropStatus, readonly DropStatus[]> = {
  scheduled: ['live', 'cancelled'],
  live: ['sold_out', 'ended', 'cancelled'],
  sold_out: ['live', 'ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

export const canTransition = (from: DropStatus, to: DropStatus): boolean => TRANSITIONS[from].includes(to);

/** A drop that is running: shoppers may be queueing and buying. */
export const isRunning = (status: DropStatus): boolean => status === 'live' || status === 'sold_out';

export const isFinal = (status: DropStatus): boolean => TRANSITIONS[status].length === 0;

export type DropEventType = 'drop.live' | 'drop.sold_out' | 'drop.reopened' | 'drop.ended' | 'drop.cancelled';

/** sold_out → live is a reopening (released reservations put units back), not a second start. */
export function transitionEvent(from: DropStatus, to: DropStatus): DropEventType {
  if (to === 'live') return from === 'sold_out' ? 'drop.reopened' : 'drop.live';
  if (to === 'scheduled') throw new Error('no transition leads back to scheduled');
  return `drop.${to}`;
}
