import { randomUUID } from 'node:crypto';
import { connectTestServices } from '../../../test/support/test-env';
import { deleteDropKeys, insertLiveDrop, insertShoppers } from '../../../workers/test/orders/order-fixtures';
import { createOrdersRepo } from '../../src/orders/orders-repo';

// The accept path must not queue behind the sagas' sale transactions, which hold the drop row (SELECT … FOR
// UPDATE, sold_units) until they commit. With a foreign key orders.drop_id → drops.id every insert took a shared
// lock on that row and waited (migration 20261129900001 drops it).
describe('accepting an order while a sale batch holds the drop row', () => {
  let s: Awaited<ReturnType<typeof connectTestServices>>;
  const dropIds: number[] = [];

  beforeAll(async () => { s = await connectTestServices(); });
  afterAll(async () => {
    await deleteDropKeys(s.redis, dropIds);
    await s.close();
  });

  it('writes the order row at once instead of waiting for the batch to commit', async () => {
    const { dropId, priceMinor } = await insertLiveDrop(s.knex, s.redis, { stock: 5 });
    dropIds.push(dropId);
    const [userId] = await insertShoppers(s.knex, 1);
    const sale = await s.knex.transaction();
    try {
      await sale('drops').where({ id: dropId }).forUpdate().first('id');
      await sale('drops').where({ id: dropId }).increment('sold_units', 1);
      const orderId = randomUUID();
      const accepted = await s.knex.transaction(async (trx) => {
        // Fail fast instead of the server's 50 s default: a wait here is the defect.
        await trx.raw('SET SESSION innodb_lock_wait_timeout = 1');
        return createOrdersRepo(trx).insertOrGet({
          id: orderId, user_id: userId!, drop_id: dropId, idempotency_key: `locks-${orderId}`, quantity: 1,
          amount_minor: priceMinor, currency: 'EUR', workflow_id: `order-${orderId}`,
        });
      });
      expect(accepted).toMatchObject({ created: true, row: { id: orderId, status: 'pending' } });
    } finally {
      await sale.rollback();
    }
  });
});
