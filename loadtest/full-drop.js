// A whole drop, end to end, through the public API only:
//   setup(): a creator, a product, a drop starting in DROP_LEAD_S seconds with STOCK units, SHOPPERS accounts.
//   each VU = one shopper: WebSocket subscribe → join the queue → wait for `admitted` (push; GET queue/me as
//   fallback) → order with an Idempotency-Key, retried once with the same key (same order, no second charge)
//   → final status (order_status push; GET /v1/orders/:id as fallback).
//   teardown(): the server's view of every shopper's orders: nothing oversold, nothing stuck, one order each.
// Payment declines: the sandbox's random PAYMENT_DECLINE_RATE, plus its test-card rule (amounts ending in
// PAYMENT_DECLINE_AMOUNT_SUFFIX, default 0002, are declined): the product costs 100.01, and every
// DECLINE_EVERY-th shopper buys 2 units (200.02), so declines and their compensation happen in every run.
//   node loadtest/runner/k6.mjs run -e SHOPPERS=20 -e STOCK=5 loadtest/full-drop.js
// The deep audit (MySQL vs Redis vs payments) is loadtest/audit/audit.ts; bench.sh and test.sh run it after.
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, TARGETS } from './lib/config.js';
import {
  FINAL_ORDER_STATUSES, call, createDrop, endDrop, mapLimited, newRunId, pause, signup, signupShoppers,
} from './lib/api.js';
import { openInbox } from './lib/ws-inbox.js';

const env = typeof __ENV !== 'undefined' ? __ENV : {};
const SHOPPERS = Number(env.SHOPPERS || 50);
const STOCK = Number(env.STOCK || 20);
const ADMISSION_RATE = Number(env.ADMISSION_RATE || 100);
const DROP_LEAD_S = Number(env.DROP_LEAD_S || 6);
const ORDER_FINAL_TIMEOUT_S = Number(env.ORDER_FINAL_TIMEOUT_S || 30);
// Sellable stock can come back (a declined payment releases its units): a shopper told "sold out"
// keeps listening this long before giving up.
const SOLD_OUT_WAIT_S = Number(env.SOLD_OUT_WAIT_S || 5);
const DECLINE_EVERY = Number(env.DECLINE_EVERY ?? 10);
const MAX_DURATION_S = Number(env.MAX_DURATION_S || DROP_LEAD_S + Math.ceil(SHOPPERS / ADMISSION_RATE) + ORDER_FINAL_TIMEOUT_S + 30);

const ordersConfirmed = new Counter('orders_confirmed');
const ordersFailed = new Counter('orders_failed'); // final but not confirmed (declined, expired, …), tagged by status
const ordersSoldOut = new Counter('orders_sold_out'); // refused with 409 sold_out: expected once stock is gone
const testCardOrders = new Counter('orders_test_card'); // placed with the declining test amount
const orderAccepted = new Trend('order_accepted_ms', true);
const orderConfirmed = new Trend('order_confirmed_ms', true);
const oversold = new Counter('oversold');
const finalStateMissing = new Counter('final_state_missing');
const duplicateOrders = new Counter('duplicate_orders');
const admittedShoppers = new Counter('shoppers_admitted');

export const options = {
  setupTimeout: env.SETUP_TIMEOUT || '180s',
  teardownTimeout: '120s',
  scenarios: {
    shoppers: { executor: 'per-vu-iterations', vus: SHOPPERS, iterations: 1, maxDuration: `${MAX_DURATION_S}s`, gracefulStop: '10s' },
  },
  thresholds: {
    // CI runs tiny drops on a busy box and checks behaviour only (LATENCY_THRESHOLDS=off); benchmarks keep them.
    ...(env.LATENCY_THRESHOLDS === 'off' ? {} : {
      order_accepted_ms: [`p(95)<=${TARGETS.orderAcceptedP95}`],
      order_confirmed_ms: [`p(95)<=${TARGETS.orderConfirmedP95}`],
    }),
    http_5xx: ['rate==0'],
    checks: ['rate>0.99'],
    oversold: ['count==0'],
    final_state_missing: ['count==0'],
    duplicate_orders: ['count==0'],
    orders_confirmed: ['count>0', `count<=${STOCK}`],
  },
};

export async function setup() {
  const runId = newRunId();
  const creator = await signup('creator', `${runId}-creator`);
  const shoppers = await signupShoppers(runId, SHOPPERS);
  // Scheduled last, so the start is DROP_LEAD_S after the sign-ups, whatever they cost.
  const drop = await createDrop(creator, {
    stock: STOCK, perUserLimit: DECLINE_EVERY > 0 ? 2 : 1, priceMinor: 10001, admissionRatePerS: ADMISSION_RATE, startsInS: DROP_LEAD_S, checkoutWindowS: 60, durationS: 900,
  });
  console.log(`full-drop: run ${runId}, drop ${drop.dropId} (${STOCK} units) starts ${drop.startsAt}, ${SHOPPERS} shoppers, ${BASE_URL}`);
  return { runId, creator, shoppers, dropId: drop.dropId, stock: STOCK };
}

const isFinal = (s) => FINAL_ORDER_STATUSES.includes(s);

export default async function (data) {
  const shopper = data.shoppers[__VU - 1];
  const { dropId } = data;
  const inbox = await openInbox(shopper.token);
  try {
    inbox.send({ type: 'subscribe', dropId });
    check(await inbox.waitFor((m) => m.type === 'subscribed' && m.dropId === dropId, 5000), { 'ws subscribed': (m) => m !== null });

    const joined = await call('POST', `/v1/drops/${dropId}/queue`, { token: shopper.token, kind: 'join', name: 'join queue' });
    if (!check(joined, { 'joined the queue': (r) => r.status === 200 })) return;

    const admissionToken = await waitForAdmission(inbox, shopper, dropId);
    if (!admissionToken) return;
    admittedShoppers.add(1);
    await buy(inbox, shopper, dropId, admissionToken, `${data.runId}-order-${__VU}`);
  } finally {
    inbox.close();
  }
}

/** The admission token from the `admitted` push, or from GET queue/me; null once the drop is sold out for good. */
async function waitForAdmission(inbox, shopper, dropId) {
  const deadline = Date.now() + MAX_DURATION_S * 1000;
  let soldOutSince = 0;
  while (Date.now() < deadline) {
    const msg = await inbox.waitFor((m) => m.type === 'admitted' && m.dropId === dropId, 2000);
    if (msg) return msg.token;
    // Fallback poll: a push can be missed (e.g. sent while the socket was reconnecting).
    const res = await call('GET', `/v1/drops/${dropId}/queue/me`, { token: shopper.token, kind: 'queue', name: 'queue me' });
    check(res, { 'queue status readable': (r) => r.status === 200 });
    if (res.status !== 200) return null;
    const me = res.json();
    if (me.status === 'admitted' && me.admissionToken) return me.admissionToken;
    if (me.status === 'completed' || me.status === 'expired') return null;
    const soldOut = me.status === 'sold_out' || inbox.messages.some((m) => m.type === 'sold_out' && m.dropId === dropId);
    if (!soldOut) soldOutSince = 0;
    else if (!soldOutSince) soldOutSince = Date.now();
    else if (Date.now() - soldOutSince > SOLD_OUT_WAIT_S * 1000) return null;
  }
  return null;
}

async function buy(inbox, shopper, dropId, admissionToken, firstKey) {
  let quantity = DECLINE_EVERY > 0 && __VU % DECLINE_EVERY === 0 ? 2 : 1;
  let idempotencyKey = firstKey;
  const request = () => call('POST', `/v1/drops/${dropId}/orders`, {
    token: shopper.token, kind: 'order', name: 'place order',
    headers: { 'Idempotency-Key': idempotencyKey }, body: { quantity, admissionToken },
  });
  const t0 = Date.now();
  let placed = await request();
  if (placed.status === 409 && placed.json('error.code') === 'not_enough_stock') {
    // Fewer left than asked (not sold out): take what is left, as a shopper would (a new request, a new key).
    quantity = Number(placed.json('error.available'));
    idempotencyKey = `${firstKey}-fewer`;
    placed = await request();
  }
  if (placed.status === 409 && placed.json('error.code') === 'sold_out') {
    ordersSoldOut.add(1);
    return;
  }
  if (!check(placed, { 'order accepted (202)': (r) => r.status === 202 })) {
    console.warn(`order refused: ${placed.status} ${String(placed.body).slice(0, 200)}`);
    return;
  }
  orderAccepted.add(placed.timings.duration);
  if (quantity === 2) testCardOrders.add(1);
  const orderId = placed.json('orderId');

  // The client "timed out" and retries with the same key: the same order comes back, nothing new is charged.
  const retried = await request();
  check(retried, { 'retry with the same key returns the same order': (r) => r.status === 202 && r.json('orderId') === orderId });

  const final = await waitForFinal(inbox, shopper, orderId);
  if (!final) {
    finalStateMissing.add(1, { where: 'client' });
    return;
  }
  if (final.status === 'confirmed') {
    ordersConfirmed.add(1);
    orderConfirmed.add(final.at - t0);
  } else {
    ordersFailed.add(1, { status: final.status });
  }
  const rest = await call('GET', `/v1/orders/${orderId}`, { token: shopper.token, kind: 'order-status', name: 'order status' });
  check(rest, { 'order status agrees with the push': (r) => r.status === 200 && r.json('status') === final.status });
}

/** {status, at}: the order_status push when it comes, else a GET every 500 ms, up to ORDER_FINAL_TIMEOUT_S. */
async function waitForFinal(inbox, shopper, orderId) {
  const deadline = Date.now() + ORDER_FINAL_TIMEOUT_S * 1000;
  while (Date.now() < deadline) {
    const msg = await inbox.waitFor((m) => m.type === 'order_status' && m.orderId === orderId && isFinal(m.status), 500);
    if (msg) return { status: msg.status, at: msg.receivedAt };
    const res = await call('GET', `/v1/orders/${orderId}`, { token: shopper.token, kind: 'order-status', name: 'order status' });
    if (res.status === 200 && isFinal(res.json('status'))) return { status: res.json('status'), at: Date.now() };
  }
  return null;
}

/** The server's word on the whole drop, read back through each shopper's order history. */
export async function teardown(data) {
  const deadline = Date.now() + ORDER_FINAL_TIMEOUT_S * 1000;
  let orders = [];
  for (;;) {
    const pages = await mapLimited(data.shoppers, 16, async (s) => {
      const res = await call('GET', '/v1/me/orders?limit=100', { token: s.token, name: 'my orders' });
      return res.status === 200 ? res.json('items').filter((o) => o.dropId === data.dropId) : [];
    });
    orders = pages.flat();
    if (orders.every((o) => isFinal(o.status)) || Date.now() > deadline) {
      duplicateOrders.add(pages.filter((p) => p.length > 1).length);
      break;
    }
    await pause(500);
  }
  const soldUnits = orders.filter((o) => o.status === 'confirmed').reduce((n, o) => n + o.quantity, 0);
  const stuck = orders.filter((o) => !isFinal(o.status)).length;
  oversold.add(Math.max(0, soldUnits - data.stock));
  finalStateMissing.add(stuck, { where: 'server' });
  const byStatus = orders.reduce((acc, o) => ({ ...acc, [o.status]: (acc[o.status] || 0) + 1 }), {});
  console.log(`RESULT ${JSON.stringify({ script: 'full-drop', dropId: data.dropId, stock: data.stock, shoppers: data.shoppers.length, soldUnits, stuck, byStatus })}`);
  if (!env.KEEP_DROP) await endDrop(data.creator, data.dropId);
}
