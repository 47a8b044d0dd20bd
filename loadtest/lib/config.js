// Shared load-test configuration, read from __ENV (k6 `-e KEY=VAL` or the
// process environment). Valid for real k6 and for loadtest/runner/k6.mjs.

const env = typeof __ENV !== 'undefined' ? __ENV : {};

function stripSlash(url) {
  return url.replace(/\/+$/, '');
}

/** http://host:3000 -> ws://host:3000/ws, https -> wss. */
export function deriveWsUrl(baseUrl) {
  return `${stripSlash(baseUrl).replace(/^http(s?):\/\//, 'ws$1://')}/ws`;
}

export const BASE_URL = stripSlash(env.BASE_URL || 'http://127.0.0.1:3000');
export const WS_URL = env.WS_URL || deriveWsUrl(BASE_URL);

// Product latency targets (milliseconds).
export const TARGETS = Object.freeze({
  readP99: 10,            // catalogue / drop reads
  joinP99: 20,            // joining a drop
  orderAcceptedP95: 50,   // POST order -> 2xx "reserved" (issue 10: from the Redis hold, never a workflow)
  orderConfirmedP95: 500, // POST order -> "confirmed" event over the websocket
  alertMax: 2000,         // event -> alert delivered
  writeVisibleP99: 1000,  // a catalogue write is visible to readers
  tickP99: 1000,          // queue_tick reaches every waiting shopper
  alertP99: 2000,         // drop_started reaches every follower
  joinRatioToHello: 0.5,  // join throughput / bare node:http hello-world
  ordersPerS: 100,        // confirmed orders per second end to end
});

// Requests are grouped with a `kind` tag (the `name` tag stays per endpoint), so
// one threshold covers every read endpoint. Use tagged()/params() below.
export const KIND = Object.freeze({ read: 'read', join: 'join', order: 'order' });

// Custom metrics the presets refer to. Scripts using those presets must create
// them in the init context, e.g. `new Trend(METRICS.orderConfirmed, true)`;
// k6 (and our runner) reject thresholds on metrics that don't exist.
export const METRICS = Object.freeze({
  orderConfirmed: 'order_confirmed_latency',
  alertLatency: 'alert_latency',
});

export const THRESHOLD_PRESETS = Object.freeze({
  base: { http_req_failed: ['rate<0.01'], checks: ['rate>0.99'] },
  reads: { [`http_req_duration{kind:${KIND.read}}`]: [`p(99)<=${TARGETS.readP99}`] },
  join: { [`http_req_duration{kind:${KIND.join}}`]: [`p(99)<=${TARGETS.joinP99}`] },
  orderAccepted: { [`http_req_duration{kind:${KIND.order}}`]: [`p(95)<=${TARGETS.orderAcceptedP95}`] },
  orderConfirmed: { [METRICS.orderConfirmed]: [`p(95)<=${TARGETS.orderConfirmedP95}`] },
  alerts: { [METRICS.alertLatency]: [`max<=${TARGETS.alertMax}`] },
});

/** thresholds('base', 'reads', 'join') -> merged k6 thresholds object (lists concatenated). */
export function thresholds(...presetNames) {
  const out = {};
  for (const name of presetNames) {
    const preset = THRESHOLD_PRESETS[name];
    if (!preset) throw new Error(`unknown threshold preset "${name}" (have: ${Object.keys(THRESHOLD_PRESETS).join(', ')})`);
    for (const [metric, list] of Object.entries(preset)) out[metric] = [...(out[metric] || []), ...list];
  }
  return out;
}

/** Request headers for JSON APIs, with a bearer token when given. */
export function jsonHeaders(token) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}
