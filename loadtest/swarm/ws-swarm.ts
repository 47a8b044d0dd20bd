// A light WebSocket swarm for the scale benchmarks (k6-style VUs cost too much at 10,000 sockets).
//   npx tsx loadtest/swarm/ws-swarm.ts --users .run/loadtest/users.json --count 10000 --scenario ticks --duration-s 10
//   npx tsx loadtest/swarm/ws-swarm.ts --users … --count 10000 --scenario drop-started --lead-s 5
// ticks:        every socket subscribes to a live drop; latency = receipt − queue_tick `ts`; missing ticks counted.
// drop-started: every user follows the file's creator, who schedules a drop; latency = receipt − startsAt.
// Users come from loadtest/tools/create-users.ts (--creator). Raise `ulimit -n` first; past ~25k sockets
// spread them over source addresses with --local-addresses 127.0.0.1,127.0.0.2,… (ephemeral ports).
// Last line: RESULT {json}.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { latencyStats, missingBroadcasts } from './swarm-stats';
import { createSwarmDrop, endSwarmDrop, waitForLive } from './swarm-drop';

const { values } = parseArgs({
  options: {
    users: { type: 'string' },
    count: { type: 'string', default: '1000' },
    scenario: { type: 'string', default: 'ticks' },
    'base-url': { type: 'string', default: 'http://127.0.0.1:3000' },
    drop: { type: 'string' },
    'duration-s': { type: 'string', default: '10' },
    'lead-s': { type: 'string', default: '5' },
    'local-addresses': { type: 'string', default: '' },
    'connect-concurrency': { type: 'string', default: '200' },
  },
});

interface SwarmUser { id: number; token: string }
interface Client { ws: WebSocket; ticks: Set<number>; dropStartedAt?: number }

const baseUrl = values['base-url']!.replace(/\/+$/, '');
const wsUrl = `${baseUrl.replace(/^http/, 'ws')}/ws`;
const localAddresses = values['local-addresses']!.split(',').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens one authenticated socket; resolves once it is subscribed (or just open when dropId is undefined). */
function connect(user: SwarmUser, i: number, dropId: number | undefined, onMessage: (msg: Record<string, unknown>, at: number) => void) {
  return new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(user.token)}`, {
      perMessageDeflate: false,
      ...(localAddresses.length ? { localAddress: localAddresses[i % localAddresses.length] } : {}),
    });
    const timer = setTimeout(() => { ws.terminate(); reject(new Error('connect timeout')); }, 30_000);
    ws.on('open', () => {
      if (dropId === undefined) { clearTimeout(timer); resolve(ws); return; }
      ws.send(JSON.stringify({ type: 'subscribe', dropId }));
    });
    ws.on('message', (data) => {
      const at = Date.now();
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      if (msg.type === 'subscribed') { clearTimeout(timer); resolve(ws); return; }
      onMessage(msg, at);
    });
    ws.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

async function connectAll(users: SwarmUser[], dropId: number | undefined, onMessage: (c: Client, msg: Record<string, unknown>, at: number) => void) {
  const clients: Client[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < users.length) {
      const i = next++;
      const client = { ticks: new Set<number>() } as Client;
      try {
        client.ws = await connect(users[i]!, i, dropId, (m, at) => onMessage(client, m, at));
        clients.push(client);
      } catch (err) {
        failures.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Number(values['connect-concurrency']) }, worker));
  const seconds = (Date.now() - started) / 1000;
  console.log(`connected ${clients.length}/${users.length} sockets in ${seconds.toFixed(1)} s${failures.length ? `, ${failures.length} failed (first: ${failures[0]})` : ''}`);
  return { clients, failures: failures.length, connectSeconds: seconds };
}

async function main() {
  if (!values.users) throw new Error('--users <file from loadtest/tools/create-users.ts> is required');
  const file = JSON.parse(readFileSync(values.users, 'utf8')) as { creator: SwarmUser | null; users: SwarmUser[] };
  const users = file.users.slice(0, Number(values.count));
  if (users.length < Number(values.count)) console.warn(`only ${users.length} users in ${values.users}`);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const latencies: number[] = [];
  let result: Record<string, unknown>;
  let createdDrop: number | undefined;

  if (values.scenario === 'ticks') {
    let dropId = values.drop ? Number(values.drop) : undefined;
    if (dropId === undefined) {
      if (!file.creator) throw new Error('ticks without --drop needs a creator in the users file (create-users --creator)');
      dropId = createdDrop = (await createSwarmDrop(baseUrl, file.creator.token, { startsInS: 2, stock: 1_000_000, rate: 1 })).dropId;
    }
    let windowStart = Infinity;
    const { clients, failures, connectSeconds } = await connectAll(users, dropId, (c, msg, at) => {
      if (msg.type !== 'queue_tick' || msg.dropId !== dropId || typeof msg.ts !== 'number') return;
      c.ticks.add(msg.ts);
      if (msg.ts >= windowStart) latencies.push(at - msg.ts);
    });
    if (file.creator) await waitForLive(baseUrl, file.creator.token, dropId, 30_000);
    windowStart = Date.now();
    await sleep(Number(values['duration-s']) * 1000);
    // The last tick of the window may still be in flight to some sockets: give it a moment, then judge.
    const windowEnd = Date.now() - 1000;
    await sleep(1000);
    const missing = missingBroadcasts(clients.map((c) => c.ticks), windowStart, windowEnd);
    for (const c of clients) c.ws.terminate();
    result = { scenario: 'ticks', dropId, sockets: clients.length, connectFailures: failures, connectSeconds, ...missing, latencyMs: latencyStats(latencies) };
  } else if (values.scenario === 'drop-started') {
    if (!file.creator) throw new Error('drop-started needs a creator in the users file (create-users --creator)');
    let dropId = -1;
    let startsAtMs = Infinity;
    const { clients, failures, connectSeconds } = await connectAll(users, undefined, (c, msg, at) => {
      if (msg.type !== 'drop_started' || msg.dropId !== dropId || c.dropStartedAt !== undefined) return;
      c.dropStartedAt = at;
      latencies.push(at - startsAtMs);
    });
    const drop = await createSwarmDrop(baseUrl, file.creator.token, { startsInS: Number(values['lead-s']), stock: 100, rate: 10 });
    dropId = createdDrop = drop.dropId;
    startsAtMs = Date.parse(drop.startsAt);
    const deadline = startsAtMs + 20_000;
    while (Date.now() < deadline && clients.some((c) => c.dropStartedAt === undefined)) await sleep(200);
    const missing = clients.filter((c) => c.dropStartedAt === undefined).length;
    for (const c of clients) c.ws.terminate();
    result = { scenario: 'drop-started', dropId, sockets: clients.length, connectFailures: failures, connectSeconds, missing, latencyMs: latencyStats(latencies) };
  } else {
    throw new Error(`unknown --scenario ${values.scenario} (ticks | drop-started)`);
  }
  if (createdDrop !== undefined && file.creator) await endSwarmDrop(baseUrl, file.creator.token, createdDrop);
  loop.disable();
  result.swarmLoopDelayP99Ms = Number((loop.percentile(99) / 1e6).toFixed(1));
  const l = result.latencyMs as ReturnType<typeof latencyStats>;
  console.log(`${result.scenario}: ${result.sockets} sockets, ${l.count} messages, latency p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, max ${l.max} ms, missing ${result.missing}`);
  console.log(`RESULT ${JSON.stringify({ name: `ws-${result.scenario}`, ...result })}`);
}

main().then(() => process.exit(0), (err: unknown) => {
  console.error((err as Error).stack ?? String(err));
  process.exit(1);
});
