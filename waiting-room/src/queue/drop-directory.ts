import type { Knex } from '@livedrop/common';
import { RUNNING_DROP_STATUSES } from '@livedrop/common';

import type { DropStatus } from '@livedrop/common';
export type { DropStatus };

/** The drop fields the waiting room needs; times in epoch ms. */
export interface QueueDrop {
  id: number;
  status: DropStatus;
  prequeueOpensAt: number;
  startsAt: number;
  endsAt: number;
  rate: number;
  checkoutWindowS: number;
  seed: string | null;
  seedHash: string;
}

const COLUMNS = ['id', 'status', 'prequeue_opens_at', 'starts_at', 'ends_at', 'admission_rate_per_s', 'checkout_window_s',
  'seed', 'seed_hash'];

type Row = Record<string, unknown>;

export const toQueueDrop = (r: Row): QueueDrop => ({
  id: Number(r.id),
  status: r.status as DropStatus,
  prequeueOpensAt: new Date(r.prequeue_opens_at as Date).getTime(),
  startsAt: new Date(r.starts_at as Date).getTime(),
  endsAt: new Date(r.ends_at as Date).getTime(),
  rate: Number(r.admission_rate_per_s),
  checkoutWindowS: Number(r.checkout_window_s),
  seed: (r.seed as string | null) ?? null,
  seedHash: String(r.seed_hash),
});

export function createDropsReader(knex: Knex) {
  return {
    async byId(dropId: number): Promise<QueueDrop | undefined> {
      const row = await knex('drops').select(COLUMNS).where({ id: dropId }).first();
      return row ? toQueueDrop(row) : undefined;
    },
    /** The drops an admission controller works on: live, or sold out (stock may come back). */
    async admitting(): Promise<QueueDrop[]> {
      const rows = await knex('drops').select(COLUMNS).whereIn('status', RUNNING_DROP_STATUSES).orderBy('id');
      return rows.map(toQueueDrop);
    },
  };
}

/**
 * Joins arrive by the thousand per second for the same few drops: a short in-process cache (with one
 * load in flight per drop) keeps MySQL out of the hot path. Status changes show up within `ttlMs`.
 */
export function createDropCache(knex: Knex, ttlMs = 1000, now: () => number = Date.now) {
  const reader = createDropsReader(knex);
  const entries = new Map<number, { at: number; value: Promise<QueueDrop | undefined> }>();
  return async (dropId: number): Promise<QueueDrop | undefined> => {
    const hit = entries.get(dropId);
    if (hit && now() - hit.at < ttlMs) return hit.value;
    const value = reader.byId(dropId);
    entries.set(dropId, { at: now(), value });
    value.catch(() => entries.delete(dropId)); // a failed load is not cached
    return value;
  };
}
