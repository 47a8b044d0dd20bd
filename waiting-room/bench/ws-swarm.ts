// Queue-position fan-out benchmark. Prints numbers; run with: npx tsx waiting-room/bench/ws-swarm.ts [clients] [ticks]
// CLIENTS waiting shoppers (distinct accounts) hold WebSockets to ONE real gateway process and subscribe to a live
// drop; the real admission controller ticks it once a second; each tick's queue_tick carries the publish time `ts`,
// and every client records (receipt − ts). Target: every client gets every tick, p99 ≤ 1 s.
import { join } from 'node:path';
import WebSocket from 'ws';
import { createLogger } from '@livedrop/common';
import { createAdmissionController, createAdmissionTokens, createDropsReader } from '../src';
import { freePort, prepareBench, ROOT, startProcess } from './bench-support';

const CLIENTS = Number(process.argv[2] ?? 10_000);
const TICKS = Number(process.argv[3] ?? 10);
const CONNECT_BATCH = 500;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

let lastText = '';
let lastMsg: { type: string; ts?: number } = { type: '' };

async function connectSwarm(url: string, dropId: number, tokens: string[], onTick: (latencyMs: number, ts: number) => void) {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < tokens.length; i += CONNECT_BATCH) {
    await Promise.all(tokens.slice(i, i + CONNECT_BATCH).map((token) => new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(`${url}/ws?token=${token}`, { perMessageDeflate: false });
      sockets.push(ws);
      ws.on('error', reject);
      ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', dropId })));
      ws.on('message', (data) => {
        // Every client gets the same frame per tick: parse it once, so the swarm's own CPU does not skew receipts.
        const text = data.toString();
        if (text !== lastText) [lastText, lastMsg] = [text, JSON.parse(text) as { type: string; ts?: number }];
        const msg = lastMsg;
        if (msg.type === 'subscribed') resolve();
        else if (msg.type === 'queue_tick') onTick(Date.now() - msg.ts!, msg.ts!);
      });
    })));
  }
  return sockets;
}

async function main() {
  const bench = await prepareBench(CLIENTS);
  const port = await freePort();
  const gateway = await startProcess(join(ROOT, 'gateway/src/main.ts'), {
    GATEWAY_PORT: String(port), MYSQL_URL: bench.mysqlUrl, LOG_LEVEL: 'warn', WS_MAX_SOCKETS_PER_IP: '0', // every client is this machine
  }, port);
  let sockets: WebSocket[] = [];
  try {
    const dropId = await bench.liveDrop(1_000_000, 200);
    const latencies: number[] = [];
    const perTick = new Map<number, number>();
    const connectStart = Date.now();
    sockets = await connectSwarm(`ws://127.0.0.1:${port}`, dropId, bench.tokens, (ms, ts) => {
      latencies.push(ms);
      perTick.set(ts, (perTick.get(ts) ?? 0) + 1);
    });
    const connectS = (Date.now() - connectStart) / 1000;

    const controller = createAdmissionController({
      redis: bench.redis, knex: bench.knex, logger: createLogger({ LOG_LEVEL: 'warn' }, 'bench-controller'),
      tokens: createAdmissionTokens(bench.config.ADMISSION_TOKEN_SECRET), ownerId: `bench:${process.pid}`,
      tickMs: 1000, inflightThreshold: 1_000_000, latencyThresholdMs: 1_000_000,
    });
    const drop = (await createDropsReader(bench.knex).byId(dropId))!;
    for (let t = 0; t < TICKS; t++) {
      await controller.tickDrop(drop);
      await new Promise((r) => setTimeout(r, 1000));
    }
    await new Promise((r) => setTimeout(r, 2000)); // stragglers

    latencies.sort((a, b) => a - b);
    const expected = CLIENTS * TICKS;
    const complete = [...perTick.values()].filter((n) => n === CLIENTS).length;
    const result = {
      clients: CLIENTS, ticks: TICKS, connectS, received: latencies.length, expected,
      ticksReachingEveryone: `${complete}/${perTick.size}`,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) },
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`${CLIENTS} clients × ${TICKS} ticks: delivered ${latencies.length}/${expected}; tick publish → receipt p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (target ≤ 1000 ms)`);
    // Machine-readable last line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'ws-ticks', ...result, missing: expected - latencies.length })}`);
  } finally {
    for (const ws of sockets) ws.terminate();
    await gateway.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
