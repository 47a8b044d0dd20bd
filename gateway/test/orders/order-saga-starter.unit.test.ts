import type { BatchOrder } from '@livedrop/workflows';
import { createLogger } from '@livedrop/common';
import { createOrderSagaStarter } from '../../src/orders/order-saga-starter';

const order = (orderId: string): BatchOrder => ({
  orderId, userId: 1, quantity: 1, amountMinor: 100, currency: 'EUR', perUserLimit: 1, chargeKey: `${orderId}:charge`, paymentTimeoutMs: 1000,
});

function starter(windowMs: number, maxBatch = 100) {
  const starts: { workflowId: string; orderIds: string[] }[] = [];
  const marked: string[][] = [];
  const s = createOrderSagaStarter({
    temporal: {
      workflow: {
        start: async (_type: unknown, o: { workflowId: string; args: [{ orders: BatchOrder[] }] }) => {
          starts.push({ workflowId: o.workflowId, orderIds: o.args[0].orders.map((x) => x.orderId) });
          return {};
        },
      },
    } as never,
    taskQueue: 'q', windowMs, maxBatch, logger: createLogger({ LOG_LEVEL: 'silent' }, 'test'),
    markStarted: async (ids) => { marked.push(ids); },
  });
  return { s, starts, marked };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('order saga starter (group commit, gateway side)', () => {
  it('an order arriving alone starts at once, not after the window', async () => {
    const { s, starts, marked } = starter(60_000);
    s.enqueue(7, order('a'));
    await tick();
    await s.flush();
    expect(starts).toEqual([{ workflowId: 'order-batch-a', orderIds: ['a'] }]);
    expect(marked).toEqual([['a']]);
  });

  it('orders arriving within the window after a start go together in the next saga; drops never mix', async () => {
    const { s, starts } = starter(60_000);
    s.enqueue(7, order('a'));
    await tick();
    s.enqueue(7, order('b'));
    s.enqueue(7, order('c'));
    s.enqueue(7, order('b')); // a concurrent twin of b: the same order
    s.enqueue(8, order('x'));
    await tick();
    // b and c wait for the window of drop 7; x (another drop) starts at once.
    expect(starts.map((x) => x.orderIds)).toEqual([['a'], ['x']]);
    await s.flush();
    expect(starts.map((x) => x.orderIds)).toEqual([['a'], ['x'], ['b', 'c']]);
  });

  it('a full batch starts without waiting for the window', async () => {
    const { s, starts } = starter(60_000, 2);
    s.enqueue(7, order('a'));
    await tick();
    s.enqueue(7, order('b'));
    s.enqueue(7, order('c'));
    await tick();
    expect(starts.map((x) => x.orderIds)).toEqual([['a'], ['b', 'c']]);
    await s.flush();
  });
});
