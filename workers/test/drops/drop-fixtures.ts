// Rows a drop-lifecycle test needs, inserted straight into livedrop_test (no gateway involved).
import { createHash, randomBytes } from 'node:crypto';
import { dropKeys, type Knex, type Redis, inventoryKeys } from '@livedrop/common';
import { workflowIds } from '@livedrop/workflows';
import { uniqueSuffix } from '../../../test/support/test-env';

export interface DropFixture {
  dropId: number;
  creatorId: number;
  seed: string;
  seedHash: string;
  prequeueOpensAt: string;
  startsAt: string;
  endsAt: string;
}

export async function insertCreatorWithProduct(knex: Knex): Promise<{ creatorId: number; productId: number }> {
  const [creatorId] = await knex('users').insert({
    email: `drop-creator-${uniqueSuffix()}@test.livedrop.dev`, password_hash: 'x', display_name: 'Drop creator', role: 'creator',
  });
  const [productId] = await knex('products').insert({
    creator_id: creatorId, title: 'Sneaker', description: 'limited', price_minor: 12_000, currency: 'EUR', media_urls: '[]',
  });
  return { creatorId: Number(creatorId), productId: Number(productId) };
}

/** A scheduled drop starting `startInMs` from now and ending `durationMs` later, with its secret seed. */
export async function insertDrop(
  knex: Knex,
  owner: { creatorId: number; productId: number },
  opts: { startInMs: number; durationMs: number; totalStock?: number },
): Promise<DropFixture> {
  const starts = Date.now() + opts.startInMs;
  const seed = randomBytes(32).toString('hex');
  const seedHash = createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
  const [id] = await knex('drops').insert({
    product_id: owner.productId, creator_id: owner.creatorId,
    prequeue_opens_at: new Date(starts), starts_at: new Date(starts), ends_at: new Date(starts + opts.durationMs),
    total_stock: opts.totalStock ?? 10, per_user_limit: 1, admission_rate_per_s: 10, checkout_window_s: 120,
    status: 'scheduled', seed_hash: seedHash,
  });
  const dropId = Number(id);
  await knex('drops').where({ id: dropId }).update({ workflow_id: workflowIds.dropLifecycle(dropId) });
  await knex('drop_seed_secrets').insert({ drop_id: dropId, seed });
  return {
    dropId, creatorId: owner.creatorId, seed, seedHash,
    prequeueOpensAt: new Date(starts).toISOString(), startsAt: new Date(starts).toISOString(),
    endsAt: new Date(starts + opts.durationMs).toISOString(),
  };
}

export async function deleteInventoryKeys(redis: Redis, dropIds: number[]): Promise<void> {
  for (const id of dropIds) {
    const k = { ...dropKeys(id), ...inventoryKeys(id) };
    await redis.del([k.stock, k.inventoryMeta, k.reservations]);
  }
}

/** Polls until `check` returns a value other than undefined (for state another process changes). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function dropEvents(knex: Knex, dropId: number): Promise<string[]> {
  const rows = await knex('outbox_events').where({ aggregate_type: 'drop', aggregate_id: String(dropId) }).orderBy('id').select('type');
  return rows.map((r: { type: string }) => r.type);
}
