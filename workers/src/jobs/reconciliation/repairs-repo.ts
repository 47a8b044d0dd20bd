import type { Knex } from '@livedrop/common';

export interface Repair {
  kind: string;
  subject: string | null;
  redisValue: string | null;
  mysqlValue: string | null;
}

/** `reconciliation_repairs`: the record of what reconciliation changed (values cut to the column's 200). */
export async function recordRepairs(knex: Knex, dropId: number, repairs: Repair[]): Promise<void> {
  if (repairs.length === 0) return;
  await knex('reconciliation_repairs').insert(repairs.map((r) => ({
    drop_id: dropId, kind: r.kind, subject: r.subject, redis_value: r.redisValue?.slice(0, 200) ?? null, mysql_value: r.mysqlValue?.slice(0, 200) ?? null,
  })));
}
