import { latencyStats, missingBroadcasts } from '../swarm-stats';

describe('latencyStats', () => {
  it('gives nearest-rank percentiles and the max', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(latencyStats(samples)).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('is all zeros without samples', () => {
    expect(latencyStats([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('missingBroadcasts', () => {
  it('counts, per socket, the broadcasts of the window that someone else received', () => {
    const sockets = [new Set([10, 20, 30]), new Set([10, 30]), new Set([5, 10, 20, 30])];
    expect(missingBroadcasts(sockets, 10, 30)).toEqual({ broadcasts: 3, expected: 9, missing: 1, socketsMissingSome: 1 });
  });
});
