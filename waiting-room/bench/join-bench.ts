// Waiting-room join benchmark. Prints numbers; run with: npx tsx waiting-room/bench/join-bench.ts
//   1. a bare node:http hello-world, max throughput           (the baseline, same load generator, same run)
//   2. POST /v1/drops/:id/queue on the real gateway, max throughput → ratio to 1 (target ≥ 0.5)
//   3. the same join at a fixed 5,000 joins/s → p99 latency      (target ≤ 20 ms)
// Joins rotate through USERS distinct accounts (each with its own access token) on fresh drops, so the first
// USERS joins of a phase are new tickets and the rest are rejoins (same one-Lua-call cost).
import autocannon from 'autocannon';
import { join } from 'node:path';
import { dropKeys } from '@livedrop/common';
import { freePort, prepareBench, ROOT, startProcess } from './bench-support';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const FIXED_RATE = Number(process.env.BENCH_RATE ?? 5000);

type Result = autocannon.Result;
const run = (opts: autocannon.Options): Promise<Result> => autocannon(opts);
const summary = (r: Result) => ({
  rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max,
  non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, total: r.requests.total,
});

function joinRequests(dropId: number, tokens: string[]) {
  let next = 0;
  return [{
    method: 'POST' as const,
    path: `/v1/drops/${dropId}/queue`,
    setupRequest: (req: Record<string, unknown>) => {
      const token = tokens[next++ % tokens.length]!;
      return { ...req, headers: { ...(req.headers as object), authorization: `Bearer ${token}` } };
    },
  }];
}

async function main() {
  const bench = await prepareBench(USERS);
  const helloPort = await freePort();
  const gatewayPort = await freePort();
  const hello = await startProcess(join(__dirname, 'hello-server.ts'), { PORT: String(helloPort) }, helloPort, '/');
  const gateway = await startProcess(join(ROOT, 'gateway/src/main.ts'), {
    GATEWAY_PORT: String(gatewayPort), MYSQL_URL: bench.mysqlUrl, LOG_LEVEL: 'warn', ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
  }, gatewayPort);
  try {
    const warmDrop = await bench.liveDrop();
    await run({ url: `http://127.0.0.1:${gatewayPort}`, connections: 16, duration: 3, requests: joinRequests(warmDrop, bench.tokens) });
    await run({ url: `http://127.0.0.1:${helloPort}`, connections: 16, duration: 2 });

    const baseline = summary(await run({ url: `http://127.0.0.1:${helloPort}`, connections: CONNECTIONS, duration: DURATION_S }));
    const maxDrop = await bench.liveDrop();
    const joinMax = summary(await run({
      url: `http://127.0.0.1:${gatewayPort}`, connections: CONNECTIONS, duration: DURATION_S, requests: joinRequests(maxDrop, bench.tokens),
    }));
    const fixedDrop = await bench.liveDrop();
    const joinFixed = summary(await run({
      url: `http://127.0.0.1:${gatewayPort}`, connections: 100, duration: DURATION_S, overallRate: FIXED_RATE,
      requests: joinRequests(fixedDrop, bench.tokens),
    }));
    const tickets = Number(await bench.redis.get(dropKeys(maxDrop).queueSeq));
    const ownersOk = (await bench.redis.hLen(dropKeys(maxDrop).tickets)) === tickets;

    console.log(JSON.stringify({ users: USERS, durationS: DURATION_S, connections: CONNECTIONS, baseline, joinMax, joinFixed }, null, 2));
    console.log(`hello-world ${baseline.rps} req/s | join ${joinMax.rps} joins/s → ratio ${(joinMax.rps / baseline.rps).toFixed(2)} (target ≥ 0.5)`);
    console.log(`join at ${FIXED_RATE}/s: achieved ${joinFixed.rps}/s, p50 ${joinFixed.p50} ms, p99 ${joinFixed.p99} ms (target ≤ 20 ms), non-2xx ${joinFixed.non2xx}`);
    console.log(`tickets handed out in the max phase: ${tickets} for ${Math.min(USERS, joinMax.total)} distinct accounts; one ticket per account: ${ownersOk}`);
    // Machine-readable last line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'join', baseline, joinMax, joinFixed, fixedRate: FIXED_RATE, ratio: joinMax.rps / baseline.rps, oneTicketPerAccount: ownersOk })}`);
  } finally {
    await gateway.stop();
    await hello.stop();
    await bench.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
