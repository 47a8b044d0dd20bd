import { attemptFor } from '../src/features/waiting-room/purchase-attempt';
import { applyAdmitted, applyTick, applyTicket, shouldAskForAdmission, type QueueState } from '../src/features/waiting-room/queue-state';

const waiting: QueueState = {
  dropId: 1, ticket: 10, status: 'waiting', position: 10, eta: 5, serving: 0, queueLength: 30, rate: 2,
  soldOut: false, paused: false, stockLeft: 50, updatedAt: 0,
};
const tick = (o: Partial<Parameters<typeof applyTick>[1]> = {}) =>
  ({ type: 'queue_tick' as const, dropId: 1, serving: 4, rate: 2, stockLeft: 40, soldOut: false, ...o });

describe('the waiting room state, moved by pushes', () => {
  it('computes place and ETA from each tick: position = ticket − serving, eta = position / rate', () => {
    expect(applyTick(waiting, tick(), 123)).toMatchObject({ position: 6, eta: 3, serving: 4, stockLeft: 40, updatedAt: 123 });
    expect(applyTick(waiting, tick({ rate: 4 }))).toMatchObject({ position: 6, eta: 2 });
    expect(applyTick(waiting, tick({ paused: true }))).toMatchObject({ position: 6, eta: null, paused: true });
    expect(applyTick(waiting, tick({ rate: 0 }))).toMatchObject({ eta: null });
  });

  it('asks the server for the admission when a tick says we reached the front', () => {
    const front = applyTick(waiting, tick({ serving: 10 }));
    expect(front).toMatchObject({ position: 0, eta: 0, status: 'waiting' });
    expect(shouldAskForAdmission(front)).toBe(true);
    expect(shouldAskForAdmission(applyTick(waiting, tick()))).toBe(false);
  });

  it('tells everyone still waiting at once when the drop sells out, and takes it back if stock returns', () => {
    const out = applyTick(waiting, tick({ soldOut: true, stockLeft: 0 }));
    expect(out.status).toBe('sold_out');
    expect(applyTick(out, tick({ soldOut: false })).status).toBe('waiting');
    expect(applyTick({ ...waiting, status: 'admitted' }, tick({ soldOut: true })).status).toBe('admitted');
  });

  it('turns a pre-queue entry into a ticket, and a push into an admission', () => {
    const pre: QueueState = { ...waiting, ticket: null, status: 'prequeue', position: null };
    expect(applyTicket(pre, { type: 'ticket_assigned', dropId: 1, ticket: 3 })).toMatchObject({ ticket: 3, status: 'waiting', position: 3 });
    expect(applyAdmitted(waiting, { type: 'admitted', dropId: 1, ticket: 10, token: 'tok', expiresAt: 99 }))
      .toMatchObject({ status: 'admitted', admissionToken: 'tok', expiresAt: 99, position: 0 });
  });
});

describe('one Idempotency-Key per purchase attempt', () => {
  it('reuses the pending attempt’s key for every retry of the same quantity', () => {
    const first = attemptFor(null, 1);
    expect(first.key).toMatch(/^web-[0-9a-f-]{36}$/);
    expect(attemptFor(first, 1)).toBe(first);
  });

  it('makes a new key for a different quantity or once the attempt produced an order', () => {
    const first = attemptFor(null, 1);
    expect(attemptFor(first, 2).key).not.toBe(first.key);
    expect(attemptFor({ ...first, orderId: 'o1' }, 1).key).not.toBe(first.key);
  });
});
