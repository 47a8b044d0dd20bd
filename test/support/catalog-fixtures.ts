// Inserts catalog rows directly (no HTTP, no workflow) for tests of readers: read-api, notifications, ws.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from '@livedrop/common';
import { uniqueSuffix } from './test-env';

export async function insertUser(knex: Knex, role: 'shopper' | 'creator' | 'ops' = 'shopper'): Promise<number> {
  const suffix = uniqueSuffix();
  const [id] = await knex('users').insert({
    email: `${role}-${suffix}-${randomBytes(3).toString('hex')}@fixture.livedrop.dev`,
    password_hash: 'not-a-real-hash',
    display_name: `${role} ${suffix}`,
    role,
  });
  return Number(id);
}

export async function insertProduct(knex: Knex, creatorId: number, fields: { title?: string } = {}): Promise<number> {
  const [id] = await knex('products').insert({
    creator_id: creatorId,
    title: fields.title ?? `Product ${uniqueSuffix()}`,
    description: 'A limited thing',
    price_minor: 4_999,
    currency: 'EUR',
    media_urls: JSON.stringify(['https://cdn.example/p.jpg']),
  });
  return Number(id);
}

export async function insertDrop(
  knex: Knex,
  opts: { creatorId: number; productId: number; status?: string; totalStock?: number; startsInMs?: number },
): Promise<{ id: number; seed: string; seedHash: string }> {
  const seed = randomBytes(32).toString('hex');
  const seedHash = createHash('sha256').update(seed).digest('hex');
  const startsAt = Date.now() + (opts.startsInMs ?? 3_600_000);
  const [id] = await knex('drops').insert({
    creator_id: opts.creatorId,
    product_id: opts.productId,
    prequeue_opens_at: new Date(startsAt - 600_000),
    starts_at: new Date(startsAt),
    ends_at: new Date(startsAt + 3_600_000),
    total_stock: opts.totalStock ?? 100,
    status: opts.status ?? 'scheduled',
    seed_hash: seedHash,
    seed, // stored now so tests can check it stays hidden while scheduled
  });
  return { id: Number(id), seed, seedHash };
}

/** `count` shoppers following `creatorId`, inserted in bulk; returns their ids in ascending order. */
export async function insertFollowers(knex: Knex, creatorId: number, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) ids.push(await insertUser(knex, 'shopper'));
  await knex('follows').insert(ids.map((id) => ({ follower_id: id, creator_id: creatorId })));
  return ids.sort((a, b) => a - b);
}
