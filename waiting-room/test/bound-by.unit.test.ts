import { boundBy, type AdmissionState } from '../src/ops/bound-by';

const running: AdmissionState = {
  status: 'live', queueOpen: true, paused: false, draining: false, soldOut: false, stockLeft: 50, admittedNow: 5,
  queueLength: 100, rate: 10, effectiveRate: 10,
};

describe('what bounds admission', () => {
  it('names the configured rate when nothing else holds the queue back', () => {
    expect(boundBy(running)).toBe('rate');
  });

  it('names the pipeline when the controller halved the rate', () => {
    expect(boundBy({ ...running, effectiveRate: 5 })).toBe('pipeline');
  });

  it('names stock when every unit left is claimed by an admitted shopper, and a missing inventory as such', () => {
    expect(boundBy({ ...running, stockLeft: 5, admittedNow: 5 })).toBe('stock');
    expect(boundBy({ ...running, stockLeft: null })).toBe('no_inventory');
  });

  it("prefers the controller's own answer for its last tick once the queue is open", () => {
    expect(boundBy({ ...running, stored: 'pipeline' })).toBe('pipeline');
    expect(boundBy({ ...running, paused: true, stored: 'rate' })).toBe('paused');
    expect(boundBy({ ...running, status: 'scheduled', queueOpen: false, stored: 'rate' })).toBe('not_started');
    expect(boundBy({ ...running, stored: 'bogus' })).toBe('rate');
  });

  it('names an empty queue before stock or rate when nobody waits', () => {
    expect(boundBy({ ...running, queueLength: 0, stockLeft: 1, admittedNow: 1 })).toBe('queue');
  });

  it('puts ops decisions first: paused, then draining, then sold out', () => {
    expect(boundBy({ ...running, paused: true, draining: true, soldOut: true })).toBe('paused');
    expect(boundBy({ ...running, draining: true, soldOut: true })).toBe('draining');
    expect(boundBy({ ...running, soldOut: true, stockLeft: 0 })).toBe('sold_out');
  });

  it('says not started for a scheduled drop or a live one whose pre-queue is not sealed', () => {
    expect(boundBy({ ...running, status: 'scheduled', queueOpen: false })).toBe('not_started');
    expect(boundBy({ ...running, queueOpen: false })).toBe('not_started');
  });
});
