// Smoke test: is the service up and ready? A few iterations, ~1 s.
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
}
