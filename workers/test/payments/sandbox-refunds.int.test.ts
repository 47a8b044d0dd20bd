// The sandbox provider answers status look-ups and refunds like a real provider: idempotent, keyed by the
// charge's idempotency key (or its payment id), and a void of a key that never charged blocks a late charge.
import { randomUUID } from 'node:crypto';
import { createSandboxPaymentProvider } from '../../src/payments';
import { connectTestServices } from '../../../test/support/test-env';
import { insertLiveDrop, insertOrder, insertShoppers, deleteDropKeys } from '../orders/order-fixtures';

describe('sandbox payment provider: status and refund', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const dropIds: number[] = [];
  beforeAll(async () => { services = await connectTestServices(); });
  afterAll(async () => { await deleteDropKeys(services.redis, dropIds); await services.close(); });

  const newOrder = async (amountMinor = 5000) => {
    const { dropId } = await insertLiveDrop(services.knex, services.redis, { stock: 1, priceMinor: amountMinor });
    dropIds.push(dropId);
    const [userId] = await insertShoppers(services.knex, 1);
    return (await insertOrder(services.knex, { userId: userId!, dropId, amountMinor })).input;
  };

  it('looks a charge up by key, refunds it once (repeat refunds answer the same), by key or payment id', async () => {
    const provider = createSandboxPaymentProvider(services.knex, { latencyMs: 1, declineRate: 0, declineAmountSuffix: '0002' });
    const order = await newOrder();
    const key = `k-${randomUUID()}`;
    expect(await provider.status(key)).toEqual({ state: 'none' });
    const charge = await provider.charge({ idempotencyKey: key, amountMinor: 5000, currency: 'EUR', orderId: order.orderId });
    expect(await provider.status(key)).toEqual({ state: 'succeeded', paymentId: charge.paymentId });

    const first = await provider.refund({ idempotencyKey: key, orderId: order.orderId }, { reason: 'not_sold' });
    expect(first).toEqual({ state: 'refunded', paymentId: charge.paymentId, refundedNow: true });
    expect(await provider.refund({ paymentId: charge.paymentId }, { reason: 'again' })).toEqual({ state: 'refunded', paymentId: charge.paymentId, refundedNow: false });
    expect(await provider.status(key)).toEqual({ state: 'refunded', paymentId: charge.paymentId });
    const row = await services.knex('payments').where({ id: charge.paymentId }).first();
    expect(row).toMatchObject({ status: 'succeeded', refund_reason: 'not_sold' });
    expect(row.refunded_at).toBeInstanceOf(Date);
  });

  it('a declined charge has nothing to refund; voiding a key that never charged makes a late charge fail', async () => {
    const provider = createSandboxPaymentProvider(services.knex, { latencyMs: 1, declineRate: 0, declineAmountSuffix: '0002' });
    const declinedOrder = await newOrder(10_002);
    const declinedKey = `k-${randomUUID()}`;
    await provider.charge({ idempotencyKey: declinedKey, amountMinor: 10_002, currency: 'EUR', orderId: declinedOrder.orderId });
    expect(await provider.refund({ idempotencyKey: declinedKey, orderId: declinedOrder.orderId })).toMatchObject({ state: 'declined', refundedNow: false });

    const order = await newOrder();
    const key = `k-${randomUUID()}`;
    expect(await provider.refund({ idempotencyKey: key, orderId: order.orderId })).toMatchObject({ state: 'voided', refundedNow: false });
    const late = await provider.charge({ idempotencyKey: key, amountMinor: 5000, currency: 'EUR', orderId: order.orderId });
    expect(late.status).toBe('declined');
    expect(await provider.status(key)).toMatchObject({ state: 'declined' });
    await expect(provider.refund({ paymentId: randomUUID() })).rejects.toThrow(/no payment/);
  });
});
