import { createHash, randomBytes } from 'node:crypto';
import { dropKeys, type Knex, type Redis } from '@livedrop/common';
import { uniqueSuffix } from '../../../test/support/test-env';

/** Users inserted directly (no HTTP): ids in insertion order. */
export async function insertUsers(knex: Knex, count: number, role: 'shopper' | 'creator' | 'ops' = 'shopper'): Promise<number[]> {
  const tag = `wr-${role}-${uniqueSuffix()}`;
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `${tag}-${i}@test.livedrop.dev`, password_hash: 'not-a-real-hash', display_name: `${tag} ${i}`, role,
  }));
  await knex('users').insert(rows);
  const found = await knex('users').select('id', 'email').where('email', 'like', `${tag}-%`);
  const byEmail = new Map(found.map((r: { id: number; email: string }) => [r.email, Number(r.id)]));
  return rows.map((r) => byEmail.get(r.email)!);
}

export interface DropFixture {
  status?: 'scheduled' | 'live' | 'sold_out' | 'ended' | 'cancelled';
  prequeueOpensAt?: Date;
  startsAt?: Date;
  endsAt?: Date;
  rate?: number;
  checkoutWindowS?: number;
  /** Reveal the seed (as at the start). Default: revealed unless status is scheduled. */
  revealSeed?: boolean;
}

/** A drop row (with its creator and product) plus the seed whose hash is published. */
export async function insertDrop(knex: Knex, f: DropFixture = {}) {
  const [creatorId] = await insertUsers(knex, 1, 'creator');
  const [productId] = await knex('products').insert({
    creator_id: creatorId, title: 'Test sneaker', description: 'for the waiting room tests', price_minor: 1000,
    currency: 'EUR', media_urls: JSON.stringify([]),
  });
  const seed = randomBytes(32).toString('hex');
  const status = f.status ?? 'live';
  const now = Date.now();
  const [id] = await knex('drops').insert({
    product_id: productId, creator_id: creatorId,
    prequeue_opens_at: f.prequeueOpensAt ?? new Date(now - 3600_000),
    starts_at: f.startsAt ?? new Date(now - 60_000),
    ends_at: f.endsAt ?? new Date(now + 3600_000),
    total_stock: 100, admission_rate_per_s: f.rate ?? 5, checkout_window_s: f.checkoutWindowS ?? 120, status,
    seed_hash: createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'),
    seed: (f.revealSeed ?? status !== 'scheduled') ? seed : null,
  });
  return { dropId: Number(id), seed, creatorId: creatorId! };
}

/** Removes every Redis key of the drops a test created. */
export async function clearDropKeys(redis: Redis, dropIds: number[]): Promise<void> {
  const keys = dropIds.flatMap((id) => Object.entries(dropKeys(id)).filter(([name]) => name !== 'tag' && name !== 'channel')
    .map(([, key]) => key));
  if (keys.length) await redis.del(keys);
}
