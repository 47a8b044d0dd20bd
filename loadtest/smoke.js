// Smoke test: is the service up and ready, does a public read work, is the API described? A few iterations, ~1 s.
//   node loadtest/runner/k6.mjs run -e BASE_URL=http://127.0.0.1:3000 loadtest/smoke.js
//   (or with a real k6:  k6 run -e BASE_URL=... loadtest/smoke.js)
import http from 'k6/http';
import { check } from 'k6';
import { BASE_URL } from './lib/config.js';
import { smoke } from './lib/stages.js';

export const options = {
  scenarios: { smoke: smoke({ iterations: 3 }) },
  thresholds: {
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
    http_req_duration: ['p(95)<200'],
  },
};

export default async function () {
  const health = await http.asyncRequest('GET', `${BASE_URL}/healthz`, null, { tags: { name: 'healthz' } });
  check(health, { 'healthz is 200': (r) => r.status === 200 });

  const ready = await http.asyncRequest('GET', `${BASE_URL}/readyz`, null, { tags: { name: 'readyz' } });
  check(ready, { 'readyz is 200': (r) => r.status === 200 });

  // One public read through the gateway → read-api → cache path, and the API description.
  const drops = await http.asyncRequest('GET', `${BASE_URL}/v1/catalog/drops?limit=1`, null, { tags: { name: 'catalog drops' } });
  check(drops, { 'catalog read is 200': (r) => r.status === 200 });

  const openapi = await http.asyncRequest('GET', `${BASE_URL}/openapi.json`, null, { tags: { name: 'openapi' } });
  check(openapi, { 'openapi lists the order route': (r) => r.status === 200 && '/v1/drops/{dropId}/orders' in (r.json('paths') || {}) });
}
