// Cached catalogue reads at a fixed arrival rate through the gateway (→ read-api → Redis cache), plus a
// creator editing the drop now and then: the edit must be visible to readers within TARGETS.writeVisibleP99.
//   node loadtest/runner/k6.mjs run -e READ_RATE=2000 -e READ_DURATION=30s loadtest/read-load.js
import { check } from 'k6';
import { Trend } from 'k6/metrics';
import { KIND, TARGETS, thresholds } from './lib/config.js';
import { call, createDrop, dropDetail, newRunId, pause, signup } from './lib/api.js';

const env = typeof __ENV !== 'undefined' ? __ENV : {};
const READ_RATE = Number(env.READ_RATE || 500);
const DURATION = env.READ_DURATION || '20s';
const writeVisible = new Trend('write_visible_ms', true);

export const options = {
  scenarios: {
    reads: {
      executor: 'constant-arrival-rate', rate: READ_RATE, timeUnit: '1s', duration: DURATION,
      preAllocatedVUs: Math.max(10, Math.ceil(READ_RATE / 50)), maxVUs: Math.max(50, Math.ceil(READ_RATE / 5)),
    },
    writes: { executor: 'constant-vus', vus: 1, duration: DURATION, exec: 'editAndWatch' },
  },
  thresholds: {
    ...thresholds('reads'),
    [`http_req_failed{kind:${KIND.read}}`]: ['rate<0.001'],
    http_5xx: ['rate==0'],
    checks: ['rate>0.99'],
    write_visible_ms: [`p(99)<=${TARGETS.writeVisibleP99}`],
  },
};

export async function setup() {
  const runId = newRunId();
  const creator = await signup('creator', `${runId}-creator`);
  // Upcoming (an hour away) so the creator may still edit it; readers see it all the same.
  const drop = await createDrop(creator, { startsInS: 3600, stock: 1000, admissionRatePerS: 10 });
  const paths = [`/v1/catalog/drops/${drop.dropId}`, `/v1/catalog/products/${drop.productId}`, '/v1/catalog/drops?status=upcoming&limit=20'];
  for (const p of paths) await call('GET', p, { name: 'warm cache' }); // first read fills the cache
  return { creator, dropId: drop.dropId, paths };
}

const NAMES = ['catalog drop', 'catalog product', 'catalog drop list'];

export default async function (data) {
  const i = __ITER % data.paths.length;
  const res = await call('GET', data.paths[i], { kind: KIND.read, name: NAMES[i] });
  check(res, { 'read is 200': (r) => r.status === 200 });
}

/** Edit the drop's stock, then poll the public read until it shows the new value. */
export async function editAndWatch(data) {
  const current = await dropDetail(data.creator, data.dropId);
  const totalStock = current.totalStock === 1000 ? 1001 : 1000;
  const edited = await call('PATCH', `/v1/drops/${data.dropId}`, {
    token: data.creator.token, name: 'edit drop', body: { version: current.version, totalStock },
  });
  if (!check(edited, { 'edit accepted': (r) => r.status === 200 })) return;
  const t0 = Date.now();
  while (Date.now() - t0 < 5000) {
    const res = await call('GET', `/v1/catalog/drops/${data.dropId}`, { kind: 'read-after-write', name: 'catalog drop after edit' });
    if (res.status === 200 && res.json('drop.totalStock') === totalStock) break;
    await pause(20);
  }
  const visibleAfter = Date.now() - t0;
  writeVisible.add(visibleAfter);
  check(visibleAfter, { 'write visible within 5 s': (ms) => ms < 5000 });
  await pause(1000);
}

export async function teardown(data) {
  await call('POST', `/v1/drops/${data.dropId}/cancel`, { token: data.creator.token, name: 'cancel drop', body: { reason: 'load test finished' } });
}
