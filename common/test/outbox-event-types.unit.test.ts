import type { DomainEvent, NewDomainEvent } from '../src/events/outbox';

// The checks that matter here are the compiler's (npm run typecheck covers tests): a payload that does not match
// its event type must not compile, and a consumer narrowing on `type` sees that type's payload.
describe('outbox event types', () => {
  it('ties each payload to its event type', () => {
    const ok: NewDomainEvent = { type: 'order.confirmed', aggregateType: 'order', aggregateId: 'o1', payload: { orderId: 'o1', userId: 1, dropId: 2, quantity: 1 } };
    // @ts-expect-error quantity is missing for order.confirmed
    const missing: NewDomainEvent = { type: 'order.confirmed', aggregateType: 'order', aggregateId: 'o1', payload: { orderId: 'o1', userId: 1, dropId: 2 } };
    // @ts-expect-error a follow payload is not a drop.stock_low payload
    const mixed: NewDomainEvent = { type: 'drop.stock_low', aggregateType: 'drop', aggregateId: 2, payload: { followerId: 1, creatorId: 2 } };
    expect([ok.type, missing.type, mixed.type]).toEqual(['order.confirmed', 'order.confirmed', 'drop.stock_low']);
  });

  it('narrows a consumer’s payload by type', () => {
    const event = { id: 1, type: 'drop.stock_low', aggregateType: 'drop', aggregateId: '2', payload: { dropId: 2, stockLeft: 3 }, occurredAt: '' } as DomainEvent;
    const left = event.type === 'drop.stock_low' ? event.payload.stockLeft : undefined;
    expect(left).toBe(3);
  });
});
