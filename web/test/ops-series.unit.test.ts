import { appendSample, type Series } from '../src/features/ops/series-window';
import { boundByLabel } from '../src/features/ops/bound-by';

const sample = (t: number, queueLength = 1) => ({ t, queueLength, admissionsPerS: 0, confirmedPerS: 0 });

describe('ops console series', () => {
  const series: Series = { dropId: 1, windowMs: 15 * 60_000, samples: [sample(0), sample(1000)] };

  it('appends a pushed tick after the history from the API', () => {
    expect(appendSample(series, sample(2000, 7)).samples.map((s) => [s.t, s.queueLength])).toEqual([[0, 1], [1000, 1], [2000, 7]]);
  });

  it('ignores a push not newer than the last sample (a repeat, or one overtaken by the HTTP history)', () => {
    expect(appendSample(series, sample(1000, 9))).toBe(series);
    expect(appendSample(series, sample(500, 9))).toBe(series);
  });

  it('drops samples that fall out of the 15-minute window', () => {
    const later = appendSample(series, sample(15 * 60_000 + 500));
    expect(later.samples.map((s) => s.t)).toEqual([1000, 15 * 60_000 + 500]);
  });
});

describe('bound-by labels', () => {
  it('says a known reason in words, short for the table and in full for the drop panel', () => {
    expect(boundByLabel('paused')).toEqual({ text: 'Paused by ops', short: 'Paused', tone: 'bad' });
  });

  it('shows a reason this build does not know as sent instead of failing', () => {
    expect(boundByLabel('new_reason')).toEqual({ text: 'new reason', short: 'new reason', tone: 'idle' });
  });
});
