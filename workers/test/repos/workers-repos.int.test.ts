import { createRepos, unitsSold } from '../../src/repos';
import { deleteDropKeys, insertLiveDrop, insertOrder, insertShoppers } from '../orders/order-fixtures';
import { connectTestServices } from '../../../test/support/test-env';

// The guards the activities' idempotency rests on, against the real MySQL.
describe('workers repositories (real MySQL)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const drops: number[] = [];

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    await deleteDropKeys(services.redis, drops);
    await services.close();
  });

  async function liveDrop(stock: number) {
    const { dropId, priceMinor } = await insertLiveDrop(services.knex, services.redis, { stock });
    drops.push(dropId);
    return { dropId, priceMinor };
  }

  it('sells within the stock only, and never for a cancelled drop', async () => {
    const { drops: repo } = createRepos(services.knex);
    const { dropId } = await liveDrop(3);
    await services.knex.transaction(async (trx) => {
      expect(await repo.sellWithinStock(dropId, 2, trx)).toBeUndefined();
      expect(await repo.sellWithinStock(dropId, 2, trx)).toBe('oversell_refused');
      expect(await repo.sellWithinStock(dropId, 1, trx)).toBeUndefined();
    });
    expect((await services.knex('drops').where({ id: dropId }).first('sold_units')).sold_units).toBe(3);

    const other = await liveDrop(3);
    await services.knex('drops').where({ id: other.dropId }).update({ status: 'cancelled' });
    await services.knex.transaction(async (trx) => {
      expect(await repo.sellWithinStock(other.dropId, 1, trx)).toBe('drop_cancelled');
    });
    expect((await services.knex('drops').where({ id: other.dropId }).first('sold_units')).sold_units).toBe(0);
  });

  it('moves an order only from the given statuses, once', async () => {
    const { orders } = createRepos(services.knex);
    const { dropId, priceMinor } = await liveDrop(2);
    const [userId] = await insertShoppers(services.knex, 1);
    const { input } = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor });
    expect(await orders.moveStatus(input.orderId, ['pending'], 'reserved')).toBe(true);
    expect(await orders.moveStatus(input.orderId, ['pending'], 'reserved')).toBe(false); // a retry
    expect(await orders.moveStatus(input.orderId, ['pending', 'reserved'], 'failed', { reason: 'x'.repeat(300) })).toBe(true);
    expect(await orders.moveStatus(input.orderId, ['pending', 'reserved', 'paid'], 'confirmed')).toBe(false); // final stays final
    expect(await orders.statusOf(input.orderId)).toBe('failed');
    expect((await services.knex('orders').where({ id: input.orderId }).first('failure_reason')).failure_reason).toHaveLength(200);
  });

  it('records a sale in the ledger once, and counts the larger of ledger and confirmed orders', async () => {
    const repos = createRepos(services.knex);
    const { dropId, priceMinor } = await liveDrop(5);
    const [userId] = await insertShoppers(services.knex, 1);
    const { input } = await insertOrder(services.knex, { userId: userId!, dropId, amountMinor: priceMinor, quantity: 2 });
    await services.knex.transaction(async (trx) => {
      await repos.ledger.recordSales([{ dropId, orderId: input.orderId, quantity: 2 }], trx);
      await repos.ledger.recordSales([{ dropId, orderId: input.orderId, quantity: 2 }], trx); // a retried activity
    });
    expect(await repos.ledger.soldUnits(dropId)).toBe(2);
    expect(await repos.orders.confirmedUnits(dropId)).toBe(0);
    expect(await unitsSold(repos, dropId)).toBe(2);
  });
});
