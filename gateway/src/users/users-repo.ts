import type { Knex } from '@livedrop/common';
import type { Role } from '../auth/access-token';

export interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  display_name: string;
  role: Role;
  created_at: Date;
}

export interface PublicUser {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  createdAt: string;
}

export const toPublicUser = (row: UserRow): PublicUser => ({
  id: Number(row.id),
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  createdAt: new Date(row.created_at).toISOString(),
});

/** Emails are compared case-insensitively: stored lower-cased and trimmed. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function createUsersRepo(knex: Knex) {
  return {
    async insert(
      user: { email: string; passwordHash: string; displayName: string; role: Role },
      trx?: Knex.Transaction,
    ): Promise<number> {
      const [id] = await (trx ?? knex)('users').insert({
        email: normaliseEmail(user.email),
        password_hash: user.passwordHash,
        display_name: user.displayName,
        role: user.role,
      });
      return Number(id);
    },
    async findById(id: number, trx?: Knex.Transaction): Promise<UserRow | undefined> {
      return (trx ?? knex)<UserRow>('users').where({ id }).first();
    },
    async findByEmail(email: string, trx?: Knex.Transaction): Promise<UserRow | undefined> {
      return (trx ?? knex)<UserRow>('users').where({ email: normaliseEmail(email) }).first();
    },
  };
}


/** MySQL/MariaDB duplicate-key error (unique email). */
export const isDuplicateKey = (err: unknown) => (err as { code?: string })?.code === 'ER_DUP_ENTRY';
