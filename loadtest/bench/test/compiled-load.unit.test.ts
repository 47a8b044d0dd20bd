import { parseVegetaReport, parseWrkDone, vegetaTargets } from '../compiled-load';

describe('compiled load generators', () => {
  it('reads the WRK line our wrk script prints (µs → ms), past wrk’s own report', () => {
    const out = 'Running 2s test @ http://127.0.0.1:1\nRequests/sec: 3860.40\n'
      + 'WRK {"requests":7812,"durationUs":2023648,"rps":3860.4,"p50Us":1664,"p90Us":9328,"p99Us":97930,"maxUs":123220,"non2xx":3,"socketErrors":1}\n';
    expect(parseWrkDone(out)).toEqual({ rps: 3860, p50: 1.66, p90: 9.33, p99: 97.93, max: 123.22, requests: 7812, non2xx: 3, errors: 1 });
    expect(() => parseWrkDone('Requests/sec: 1')).toThrow(/no WRK line/);
  });

  it('reads a vegeta JSON report (ns → ms); status 0 is a transport error, not a non-2xx answer', () => {
    const report = JSON.stringify({
      latencies: { '50th': 725_784, '90th': 2_279_938, '99th': 11_148_227, max: 12_649_226 }, requests: 400, throughput: 199.6,
      status_codes: { 200: 395, 503: 3, 0: 2 }, errors: ['connection refused'],
    });
    expect(parseVegetaReport(report)).toEqual({ rps: 200, p50: 0.73, p90: 2.28, p99: 11.15, max: 12.65, requests: 400, non2xx: 3, errors: 2 });
  });

  it('writes one vegeta target per user token, or one plain target', () => {
    const lines = vegetaTargets('POST', 'http://h/v1/drops/1/queue', ['a', 'b']).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { method: 'POST', url: 'http://h/v1/drops/1/queue', header: { Authorization: ['Bearer a'] } },
      { method: 'POST', url: 'http://h/v1/drops/1/queue', header: { Authorization: ['Bearer b'] } },
    ]);
    expect(vegetaTargets('GET', 'http://h/x', null)).toBe('{"method":"GET","url":"http://h/x"}\n');
  });
});
