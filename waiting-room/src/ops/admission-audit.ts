import type { Knex } from '@livedrop/common';

/** One admission change as the ops console lists it: who, what, when, from which values to which. */
export interface AuditEntry {
  id: number;
  dropId: number;
  action: string;
  actor: { id: number; displayName: string; email: string };
  old: Record<string, string>;
  new: Record<string, string>;
  at: string;
}

const json = (v: unknown): Record<string, string> =>
  (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, string>;

/** Reads admission_audit (written by createAdmissionOps), newest first; `before` pages by id. */
export function createAdmissionAuditReader(knex: Knex) {
  return {
    async list(dropId: number, opts: { limit: number; before?: number }): Promise<AuditEntry[]> {
      const q = knex('admission_audit as a').join('users as u', 'u.id', 'a.actor_user_id')
        .select('a.id', 'a.drop_id', 'a.action', 'a.old_value', 'a.new_value', 'a.created_at', 'a.actor_user_id',
          'u.display_name', 'u.email')
        .where('a.drop_id', dropId).orderBy('a.id', 'desc').limit(opts.limit);
      if (opts.before !== undefined) void q.andWhere('a.id', '<', opts.before);
      const rows = await q;
      return rows.map((r) => ({
        id: Number(r.id), dropId: Number(r.drop_id), action: String(r.action),
        actor: { id: Number(r.actor_user_id), displayName: String(r.display_name), email: String(r.email) },
        old: json(r.old_value), new: json(r.new_value), at: new Date(r.created_at as Date).toISOString(),
      }));
    },
  };
}
