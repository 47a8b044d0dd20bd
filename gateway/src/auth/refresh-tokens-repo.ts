import type { Knex } from '@livedrop/common';

export interface RefreshTokenRow {
  id: string;
  user_id: number;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** The refresh_tokens table: one row per issued refresh token; a family is every rotation of one login. */
export function createRefreshTokensRepo(knex: Knex) {
  return {
    async insert(row: { id: string; userId: number; familyId: string; expiresAt: Date }, trx?: Knex.Transaction) {
      await (trx ?? knex)('refresh_tokens').insert({
        id: row.id, user_id: row.userId, family_id: row.familyId, expires_at: row.expiresAt,
      });
    },
    /** Locks the row so two concurrent refreshes of the same token serialise (the second one is a reuse). */
    async findForUpdate(id: string, trx: Knex.Transaction): Promise<RefreshTokenRow | undefined> {
      return trx<RefreshTokenRow>('refresh_tokens').where({ id }).forUpdate().first();
    },
    async markUsed(id: string, trx: Knex.Transaction) {
      await trx('refresh_tokens').where({ id }).update({ used_at: knex.fn.now(3) });
    },
    async revokeFamily(familyId: string, trx?: Knex.Transaction) {
      await (trx ?? knex)('refresh_tokens')
        .where({ family_id: familyId })
        .whereNull('revoked_at')
        .update({ revoked_at: knex.fn.now(3) });
    },
  };
}
