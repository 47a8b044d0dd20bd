import { createAdmissionTokens } from '@livedrop/waiting-room';
import { createInventory } from '../../../workers/src/inventory';
import { deleteDropKeys, insertLiveDrop, mapLimited, startOrderWorker } from '../../../workers/test/orders/order-fixtures';
import { eventually } from '../../../workers/test/drops/drop-fixtures';
import { testLogger, uniqueSuffix } from '../../../test/support/test-env';
import { startGateway, type GatewayHarness } from '../support/gateway-harness';

jest.setTimeout(90_000);

/** Scale out: two gateways and two Temporal workers on one task queue share the orders, nothing lost. */
describe('two gateways and two workers on one stack', () => {
  const taskQueue = `test-order-scale-${uniqueSuffix()}`;
  const gateways: GatewayHarness[] = [];
  const workers: Awaited<ReturnType<typeof startOrderWorker>>[] = [];
  let dropId = 0;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      gateways.push(await startGateway({ config: { TEMPORAL_TASK_QUEUE: taskQueue, RATE_LIMIT_WRITES_PER_USER_PER_MIN: '0' } }));
    }
    const h = gateways[0]!;
    for (let i = 0; i < 2; i++) {
      workers.push(await startOrderWorker({
        knex: h.knex, redis: h.redis, logger: testLogger(), address: h.config.TEMPORAL_ADDRESS, namespace: h.config.TEMPORAL_NAMESPACE,
      }, taskQueue));
    }
  });

  afterAll(async () => {
    for (const w of workers) await w.stop();
    if (dropId) await deleteDropKeys(gateways[0]!.redis, [dropId]);
    for (const g of gateways) await g.close();
  });

  it('N orders through both gateways: every one final, sold = confirmed = charges, none charged twice, Redis == MySQL', async () => {
    const N = 24;
    const stock = 20;
    const h = gateways[0]!;
    ({ dropId } = await insertLiveDrop(h.knex, h.redis, { stock }));
    const admission = createAdmissionTokens(h.config.ADMISSION_TOKEN_SECRET);
    const shoppers = await Promise.all(Array.from({ length: N }, () => h.createUser('shopper')));
    const answers = await mapLimited(shoppers, 8, async ({ user, token }) => {
      const g = gateways[user.id % 2]!;
      const admissionToken = await admission.issue({ userId: user.id, dropId, ticket: user.id, ttlSeconds: 120 });
      const res = await g.request.post(`/v1/drops/${dropId}/orders`).set(g.auth(token)).set('idempotency-key', `scale-${user.id}`)
        .send({ quantity: 1, admissionToken });
      return { status: res.status, orderId: res.body.orderId as string | undefined, code: res.body.error?.code as string | undefined };
    });
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.orderId!);
    expect(accepted.length).toBe(stock);
    expect(answers.filter((a) => a.status === 409).map((a) => a.code)).toEqual(Array(N - stock).fill('sold_out'));

    const rows = await eventually(async () => {
      const r = await h.knex('orders').whereIn('id', accepted).select('id', 'status', 'saga_id');
      return r.every((x: { status: string }) => x.status === 'confirmed') ? r : undefined;
    }, 60_000);
    expect(rows).toHaveLength(stock);
    // Both gateways started sagas.
    expect(new Set(rows.map((r: { saga_id: string }) => r.saga_id)).size).toBeGreaterThanOrEqual(2);
    const charges = await h.knex('payments').whereIn('order_id', accepted).select('order_id', 'status', 'attempts');
    expect(charges).toHaveLength(stock);
    expect(charges.every((c: { status: string; attempts: number }) => c.status === 'succeeded' && c.attempts === 1)).toBe(true);
    expect(await createInventory(h.redis).snapshot(dropId)).toMatchObject({ stock: 0, sold: stock, reserved: 0 });
    expect(await h.knex('drops').where({ id: dropId }).first('sold_units')).toEqual({ sold_units: stock });
  });
});
