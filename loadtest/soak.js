// A mixed steady load for SOAK_MINUTES (default 1): catalogue reads, waiting-room joins and shoppers
// watching the queue over WebSocket, all at once. Looks for leaks and drift rather than peaks: the same
// thresholds must hold at the end as at the start.
//   node loadtest/runner/k6.mjs run -e SOAK_MINUTES=30 loadtest/soak.js
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { KIND, thresholds } from './lib/config.js';
import { soak } from './lib/stages.js';
import { call, createDrop, endDrop, newRunId, pause, signup, signupShoppers, waitForDropStatus } from './lib/api.js';
import { openInbox } from './lib/ws-inbox.js';

const env = typeof __ENV !== 'undefined' ? __ENV : {};
const MINUTES = Number(env.SOAK_MINUTES || 1);
const WATCH_S = Number(env.SOAK_WATCH_S || 10);
const FILE = env.USERS_FILE ? JSON.parse(open(env.USERS_FILE)) : null;
const FILE_TOKENS = FILE ? FILE.users.map((u) => u.token) : null;
const ticksSeen = new Counter('queue_ticks_seen');

export const options = {
  setupTimeout: '120s',
  scenarios: {
    reads: soak(MINUTES, Number(env.SOAK_READ_RATE || 100)),
    joins: { ...soak(MINUTES, Number(env.SOAK_JOIN_RATE || 20)), exec: 'join' },
    watchers: { executor: 'constant-vus', vus: Number(env.SOAK_WATCHERS || 20), duration: `${MINUTES}m`, exec: 'watch', gracefulStop: `${WATCH_S + 5}s` },
  },
  thresholds: {
    ...thresholds('reads', 'join'),
    http_5xx: ['rate==0'],
    checks: ['rate>0.99'],
    queue_ticks_seen: ['count>0'],
  },
};

export async function setup() {
  const runId = newRunId();
  const creator = FILE && FILE.creator ? FILE.creator : await signup('creator', `${runId}-creator`);
  const drop = await createDrop(creator, { startsInS: 2, stock: 1000000, admissionRatePerS: 1, durationS: MINUTES * 60 + 600 });
  await waitForDropStatus(creator, drop.dropId, ['live'], 30000);
  const tokens = FILE ? null : (await signupShoppers(runId, Number(env.SOAK_USERS || 50))).map((s) => s.token);
  return { creator, dropId: drop.dropId, productId: drop.productId, tokens };
}

const tokensOf = (data) => data.tokens || FILE_TOKENS;

export default async function (data) {
  const paths = [`/v1/catalog/drops/${data.dropId}`, `/v1/catalog/products/${data.productId}`];
  const res = await call('GET', paths[__ITER % 2], { kind: KIND.read, name: __ITER % 2 ? 'catalog product' : 'catalog drop' });
  check(res, { 'read is 200': (r) => r.status === 200 });
}

export async function join(data) {
  const tokens = tokensOf(data);
  const res = await call('POST', `/v1/drops/${data.dropId}/queue`, {
    token: tokens[exec.scenario.iterationInTest % tokens.length], kind: KIND.join, name: 'join queue',
  });
  check(res, { 'join is 200': (r) => r.status === 200 });
}

/** One shopper watching the queue for WATCH_S seconds: ticks must keep coming (one per controller tick). */
export async function watch(data) {
  const tokens = tokensOf(data);
  const inbox = await openInbox(tokens[(__VU * 7919 + __ITER) % tokens.length]);
  try {
    inbox.send({ type: 'subscribe', dropId: data.dropId });
    await pause(WATCH_S * 1000);
    const ticks = inbox.messages.filter((m) => m.type === 'queue_tick' && m.dropId === data.dropId).length;
    ticksSeen.add(ticks);
    check(ticks, { 'queue ticks keep coming': (n) => n >= Math.floor(WATCH_S / 2) });
  } finally {
    inbox.close();
  }
}

export async function teardown(data) {
  await endDrop(data.creator, data.dropId);
}
