import { canTransition, isFinal, scheduleProblem, transitionEvent } from '../src/index';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const iso = (offsetS: number) => new Date(NOW + offsetS * 1000).toISOString();

describe('drop status transitions', () => {
  it('allows the lifecycle and nothing back to scheduled or out of a final state', () => {
    expect(canTransition('scheduled', 'live')).toBe(true);
    expect(canTransition('live', 'sold_out')).toBe(true);
    expect(canTransition('sold_out', 'live')).toBe(true);
    expect(canTransition('sold_out', 'cancelled')).toBe(true);
    expect(canTransition('scheduled', 'sold_out')).toBe(false);
    expect(canTransition('scheduled', 'ended')).toBe(false);
    expect(canTransition('live', 'scheduled')).toBe(false);
    expect(canTransition('ended', 'live')).toBe(false);
    expect(canTransition('cancelled', 'live')).toBe(false);
    expect(isFinal('ended') && isFinal('cancelled') && !isFinal('sold_out')).toBe(true);
  });

  it('names a reopening differently from the start', () => {
    expect(transitionEvent('scheduled', 'live')).toBe('drop.live');
    expect(transitionEvent('sold_out', 'live')).toBe('drop.reopened');
    expect(transitionEvent('live', 'sold_out')).toBe('drop.sold_out');
    expect(transitionEvent('scheduled', 'cancelled')).toBe('drop.cancelled');
  });
});

describe('scheduleProblem', () => {
  it('accepts a valid schedule and names the field of the first broken rule', () => {
    expect(scheduleProblem({ prequeueOpensAt: iso(10), startsAt: iso(20), endsAt: iso(30) }, NOW)).toBeUndefined();
    expect(scheduleProblem({ prequeueOpensAt: iso(10), startsAt: iso(0), endsAt: iso(30) }, NOW)?.field).toBe('startsAt');
    expect(scheduleProblem({ prequeueOpensAt: iso(10), startsAt: iso(20), endsAt: iso(20) }, NOW)?.field).toBe('endsAt');
    expect(scheduleProblem({ prequeueOpensAt: iso(21), startsAt: iso(20), endsAt: iso(30) }, NOW)?.field).toBe('prequeueOpensAt');
    expect(scheduleProblem({ prequeueOpensAt: 'x', startsAt: iso(20), endsAt: iso(30) }, NOW)?.field).toBe('prequeueOpensAt');
  });
});
