import { createKnex, withDatabase } from '../src/db/create-knex';
import { testConfig, uniqueSuffix } from '../../test/support/test-env';

const TABLES = ['users', 'refresh_tokens', 'follows', 'products', 'drops', 'orders', 'payments', 'inventory_ledger',
  'reconciliation_repairs', 'outbox_events', 'notifications', 'admission_audit'];

describe('migrations on MariaDB', () => {
  const config = testConfig();
  const database = `livedrop_migrations_${uniqueSuffix()}`;
  const admin = createKnex(config.MYSQL_URL, 1);
  let knex: ReturnType<typeof createKnex>;

  beforeAll(async () => {
    await admin.raw(`CREATE DATABASE \`${database}\``);
    knex = createKnex(withDatabase(config.MYSQL_URL, database), 2);
  });
  afterAll(async () => {
    await knex.destroy();
    await admin.raw(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.destroy();
  });

  const tables = async () =>
    (await knex('information_schema.tables').where({ table_schema: database }).pluck('table_name')) as string[];

  it('migrates up to the whole data model', async () => {
    await knex.migrate.latest();
    expect(await tables()).toEqual(expect.arrayContaining(TABLES));
  });

  it('enforces the idempotency keys the order pipeline relies on', async () => {
    const [userId] = await knex('users').insert({ email: 'a@example.test', password_hash: 'x', display_name: 'A', role: 'creator' });
    const [productId] = await knex('products').insert({
      creator_id: userId, title: 'T', description: 'D', price_minor: 100, currency: 'EUR', media_urls: '[]',
    });
    const now = new Date();
    const [dropId] = await knex('drops').insert({
      product_id: productId, creator_id: userId, prequeue_opens_at: now, starts_at: now, ends_at: now,
      total_stock: 5, seed_hash: 'a'.repeat(64),
    });
    const order = { user_id: userId, drop_id: dropId, idempotency_key: 'k1', quantity: 1, amount_minor: 100, currency: 'EUR' };
    await knex('orders').insert({ ...order, id: 'o1', workflow_id: 'w1' });
    await expect(knex('orders').insert({ ...order, id: 'o2', workflow_id: 'w2' })).rejects.toThrow(/Duplicate entry/);
    const payment = { order_id: 'o1', idempotency_key: 'p1', provider: 'sandbox', amount_minor: 100, currency: 'EUR', status: 'succeeded' };
    await knex('payments').insert({ ...payment, id: 'pay1' });
    await expect(knex('payments').insert({ ...payment, id: 'pay2' })).rejects.toThrow(/Duplicate entry/);
  });

  it('migrates all the way down and leaves only the migration bookkeeping', async () => {
    await knex.migrate.rollback(undefined, true);
    expect((await tables()).filter((t) => !t.startsWith('knex_migrations'))).toEqual([]);
  });

  it('migrates up again after a full rollback', async () => {
    await knex.migrate.latest();
    expect(await tables()).toEqual(expect.arrayContaining(TABLES));
  });
});
