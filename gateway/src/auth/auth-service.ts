import { randomUUID } from 'node:crypto';
import { conflict, recordEvent, unauthorized, type Knex } from '@livedrop/common';
import type { AccessTokens, Role } from './access-token';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { createRefreshTokenCodec } from './refresh-token';
import { createRefreshTokensRepo } from './refresh-tokens-repo';
import { createUsersRepo, isDuplicateKey, toPublicUser, type PublicUser, type UserRow } from '../users/users-repo';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** access token lifetime in seconds */
  expiresIn: number;
}

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role: Role;
}

const invalidCredentials = () => unauthorized('invalid_credentials', 'email or password is incorrect');

/** Sign-up, login, refresh-token rotation with reuse detection, logout. */
export function createAuthService(deps: {
  knex: Knex;
  tokens: AccessTokens;
  jwtSecret: string;
  accessTtlS: number;
  refreshTtlS: number;
}) {
  const { knex, tokens } = deps;
  const users = createUsersRepo(knex);
  const refreshRows = createRefreshTokensRepo(knex);
  const refreshCodec = createRefreshTokenCodec(deps.jwtSecret);

  async function createUser(input: NewUser): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await knex.transaction(async (trx) => {
        const id = await users.insert({ ...input, passwordHash }, trx);
        await recordEvent(trx, { type: 'user.created', aggregateType: 'user', aggregateId: id, payload: { userId: id, role: input.role } });
        return (await users.findById(id, trx))!;
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('email_taken', 'an account with this email already exists');
      throw err;
    }
  }

  async function issueRefresh(userId: number, familyId: string, trx?: Knex.Transaction): Promise<string> {
    const jti = randomUUID();
    const expiresAt = new Date(Date.now() + deps.refreshTtlS * 1000);
    await refreshRows.insert({ id: jti, userId, familyId, expiresAt }, trx);
    return refreshCodec.sign({ jti, familyId, userId }, expiresAt);
  }

  async function tokenPair(user: { id: number; role: Role }, familyId: string, trx?: Knex.Transaction): Promise<TokenPair> {
    const refreshToken = await issueRefresh(user.id, familyId, trx);
    return { accessToken: await tokens.sign(user), refreshToken, tokenType: 'Bearer', expiresIn: deps.accessTtlS };
  }

  return {
    /** Self-registration is for shoppers and creators only (the route enforces it); ops come from scripts/create-ops-user.ts. */
    async signup(input: NewUser): Promise<{ user: PublicUser } & TokenPair> {
      const row = await createUser(input);
      return { user: toPublicUser(row), ...(await tokenPair({ id: Number(row.id), role: row.role }, randomUUID())) };
    },

    async login(email: string, password: string): Promise<{ user: PublicUser } & TokenPair> {
      const row = await users.findByEmail(email);
      // Verify against a dummy hash for unknown emails so both failures take the same time and answer.
      const ok = await verifyPassword(row?.password_hash ?? (await dummyPasswordHash()), password);
      if (!row || !ok) throw invalidCredentials();
      return { user: toPublicUser(row), ...(await tokenPair({ id: Number(row.id), role: row.role }, randomUUID())) };
    },

    /** Rotation: the presented token is marked used and a new one joins its family; a reused token revokes the family. */
    async refresh(refreshToken: string): Promise<TokenPair> {
      const claims = await refreshCodec.verify(refreshToken);
      const outcome = await knex.transaction(async (trx) => {
        const row = await refreshRows.findForUpdate(claims.jti, trx);
        if (!row || row.family_id !== claims.familyId) return { error: 'invalid' as const };
        if (row.revoked_at) return { error: 'revoked' as const };
        if (row.used_at) {
          // Someone holds an old token of this family: assume theft and log every holder out.
          await refreshRows.revokeFamily(row.family_id, trx);
          return { error: 'reused' as const };
        }
        if (new Date(row.expires_at).getTime() <= Date.now()) return { error: 'expired' as const };
        const user = await users.findById(Number(row.user_id), trx);
        if (!user) return { error: 'invalid' as const };
        await refreshRows.markUsed(row.id, trx);
        return { pair: await tokenPair({ id: Number(user.id), role: user.role }, row.family_id, trx) };
      });
      // Errors are thrown after commit so the family revocation above is kept.
      switch (outcome.error) {
        case 'invalid': throw unauthorized('invalid_refresh_token', 'refresh token is invalid');
        case 'revoked': throw unauthorized('refresh_token_revoked', 'refresh token has been revoked');
        case 'reused': throw unauthorized('refresh_token_reused', 'refresh token was already used; all sessions of this login are revoked');
        case 'expired': throw unauthorized('refresh_token_expired', 'refresh token has expired');
      }
      return outcome.pair!;
    },

    /** Revokes the whole family of the presented refresh token (this login on every device it rotated to). */
    async logout(refreshToken: string): Promise<void> {
      const claims = await refreshCodec.verify(refreshToken);
      await refreshRows.revokeFamily(claims.familyId);
    },

    async me(userId: number): Promise<PublicUser> {
      const row = await users.findById(userId);
      if (!row) throw unauthorized('invalid_token', 'the account behind this token no longer exists');
      return toPublicUser(row);
    },

    /** For scripts/create-ops-user.ts and seeds: any role, no tokens. */
    createUser,
  };
}
