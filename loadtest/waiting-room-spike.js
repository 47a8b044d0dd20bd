// The drop-start spike into the waiting room: joins ramp from a baseline to SPIKE_PEAK joins/s and back.
// Accounts: USERS_FILE (from loadtest/tools/create-users.ts, thousands of pre-created users with tokens) or,
// without it, SPIKE_USERS accounts signed up in setup(). Joins cycle through them; a rejoin must return
// the same ticket (one ticket per account) and costs the server the same single Lua call.
//   npx tsx loadtest/tools/create-users.ts --count 5000 --creator --out /tmp/users.json
//   node loadtest/runner/k6.mjs run -e USERS_FILE=/tmp/users.json -e SPIKE_PEAK=5000 loadtest/waiting-room-spike.js
import { check } from 'k6';
import exec from 'k6/execution';
import { KIND, thresholds } from './lib/config.js';
import { spike } from './lib/stages.js';
import { call, createDrop, endDrop, newRunId, pause, signup, signupShoppers, waitForDropStatus } from './lib/api.js';

const env = typeof __ENV !== 'undefined' ? __ENV : {};
const PEAK = Number(env.SPIKE_PEAK || 1000);
// open() exists only in the init context; both k6 and our runner provide it.
const FILE = env.USERS_FILE ? JSON.parse(open(env.USERS_FILE)) : null;
const FILE_TOKENS = FILE ? FILE.users.map((u) => u.token) : null;

export const options = {
  setupTimeout: '120s',
  scenarios: {
    joins: spike(PEAK, {
      lead: env.SPIKE_LEAD || '5s', rise: env.SPIKE_RISE || '5s', hold: env.SPIKE_HOLD || '20s', recover: env.SPIKE_RECOVER || '5s',
      preAllocatedVUs: Math.max(20, Math.ceil(PEAK / 20)), maxVUs: Math.max(100, Math.ceil(PEAK / 4)),
    }),
  },
  thresholds: {
    ...thresholds('join'),
    [`http_req_failed{kind:${KIND.join}}`]: ['rate<0.001'],
    http_5xx: ['rate==0'],
    checks: ['rate>0.99'],
  },
};

export async function setup() {
  const runId = newRunId();
  const creator = FILE && FILE.creator ? FILE.creator : await signup('creator', `${runId}-creator`);
  // Plenty of stock and a trickle of admissions: the spike is about joining, not buying.
  const drop = await createDrop(creator, { startsInS: 2, stock: 1000000, admissionRatePerS: 1 });
  await waitForDropStatus(creator, drop.dropId, ['live'], 30000);
  const tokens = FILE ? null : (await signupShoppers(runId, Number(env.SPIKE_USERS || 100))).map((s) => s.token);
  // The controller seals the pre-queue on its first tick after the start; until then joins get no ticket.
  const probe = tokens ? tokens[0] : FILE.users[0].token;
  for (let i = 0; i < 100; i++) {
    const res = await call('POST', `/v1/drops/${drop.dropId}/queue`, { token: probe, name: 'probe join' });
    if (res.status === 200 && res.json('ticket') !== null) break;
    await pause(100);
  }
  return { creator, dropId: drop.dropId, tokens };
}

// Per account: the ticket its first join got (within this runtime: per VU in k6, shared in our runner).
const tickets = new Map();

export default async function (data) {
  const tokens = data.tokens || FILE_TOKENS;
  const i = exec.scenario.iterationInTest % tokens.length;
  const res = await call('POST', `/v1/drops/${data.dropId}/queue`, { token: tokens[i], kind: KIND.join, name: 'join queue' });
  const ticket = res.status === 200 ? res.json('ticket') : null;
  check(res, {
    'joined (200)': (r) => r.status === 200,
    'has a ticket': () => Number.isInteger(ticket),
    'one ticket per account': () => !tickets.has(i) || tickets.get(i) === ticket,
  });
  if (!tickets.has(i) && ticket !== null) tickets.set(i, ticket);
}

export async function teardown(data) {
  await endDrop(data.creator, data.dropId);
}
