import type { Knex } from '@livedrop/common';

export interface NotificationView {
  id: number;
  type: string;
  dropId: number | null;
  payload: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

interface NotificationRow {
  id: number; type: string; drop_id: number | null; payload: unknown; created_at: Date; read_at: Date | null;
}

const toView = (row: NotificationRow): NotificationView => ({
  id: Number(row.id),
  type: row.type,
  dropId: row.drop_id === null ? null : Number(row.drop_id),
  payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
  createdAt: new Date(row.created_at).toISOString(),
  readAt: row.read_at ? new Date(row.read_at).toISOString() : null,
});

/** A user's stored alerts (written by the jobs worker's fan-out), newest first by id. */
export function createNotificationsRepo(knex: Knex) {
  return {
    /** `limit + 1` rows, older than `beforeId` when given (keyset over the (user_id, id) index). */
    async page(userId: number, limit: number, beforeId?: number): Promise<NotificationView[]> {
      const q = knex('notifications').where({ user_id: userId }).orderBy('id', 'desc').limit(limit + 1);
      if (beforeId !== undefined) q.andWhere('id', '<', beforeId);
      return ((await q) as NotificationRow[]).map(toView);
    },

    /** Marks one of the user's notifications read (idempotent: the first read time stays). */
    async markRead(userId: number, id: number): Promise<NotificationView | undefined> {
      await knex('notifications').where({ id, user_id: userId }).whereNull('read_at').update({ read_at: knex.fn.now(3) });
      const row = (await knex('notifications').where({ id, user_id: userId }).first()) as NotificationRow | undefined;
      return row && toView(row);
    },
  };
}
