// Waiting-room join benchmark. Prints numbers; run with: npx tsx waiting-room/bench/join-bench.ts
//   1. a bare node:http hello-world, max throughput           (the baseline, same load generator, same run)
//   2. POST /v1/drops/:id/queue on the real gateway, max throughput → ratio to 1 (target ≥ 0.5)
//      (1 and 2 alternate for BENCH_ROUNDS rounds of BENCH_DURATION_S each; the ratio is the median per-round ratio)
//   3. the same join at a fixed 5,000 joins/s → p99 latency      (target ≤ 20 ms)
// Joins rotate through USERS distinct accounts (each with its own access token) on fresh drops, so the first
// USERS joins of a phase are new tickets and the rest are rejoins (same one-Lua-call cost).
import autocannon from 'autocannon';
import { join } from 'node:path';
import { dropKeys } from '@livedrop/common';
import { freePort, prepareBench, ROOT, startProcess } from './bench-support';

const USERS = Number(process.env.BENCH_USERS ?? 20_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

    // Hello-world and join alternate for ROUNDS rounds and each ratio is taken within its round, then the
    // median: on a shared box the background load drifts by the second, and two phases measured minutes apart
    // (the old single pair) compared different machines. `baselineSame` is the hello-world driven with exactly the
    // join's generator config (POST, a rotating Authorization header built per request by setupRequest —
    // autocannon rebuilds such a request every time but pre-builds a static one once).
    const rounds: { baseline: ReturnType<typeof summary>; baselineSame: ReturnType<typeof summary>; joinMax: ReturnType<typeof summary> }[] = [];
    let maxDrop = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const b = summary(await run({ url: `http://127.0.0.1:${helloPort}`, connections: CONNECTIONS, duration: DURATION_S }));
      const bs = summary(await run({
        url: `http://127.0.0.1:${helloPort}`, connections: CONNECTIONS, duration: DURATION_S, requests: joinRequests(1, bench.tokens),
      }));
      maxDrop = await bench.liveDrop();
      const j = summary(await run({
        url: `http://127.0.0.1:${gatewayPort}`, connections: CONNECTIONS, duration: DURATION_S, requests: joinRequests(maxDrop, bench.tokens),
      }));
      rounds.push({ baseline: b, baselineSame: bs, joinMax: j });
      console.log(`round ${i + 1}: hello ${b.rps} req/s, hello (join config) ${bs.rps} req/s, join ${j.rps} joins/s (p99 ${j.p99} ms)`);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const pick = (f: (r: (typeof rounds)[number]) => number) => rounds.find((r) => f(r) === median(rounds.map(f)))!;
    const ratio = median(rounds.map((r) => r.joinMax.rps / r.baseline.rps));
    const ratioSameConfig = median(rounds.map((r) => r.joinMax.rps / r.baselineSame.rps));
    const baseline = pick((r) => r.baseline.rps).baseline;
    const baselineSame = pick((r) => r.baselineSame.rps).baselineSame;
    const joinMax = pick((r) => r.joinMax.rps).joinMax;
    const fixedDrop = await bench.liveDrop();
    const joinFixed = summary(await run({
      url: `http://127.0.0.1:${gatewayPort}`, connections: 100, duration: DURATION_S, overallRate: FIXED_RATE,
      requests: joinRequests(fixedDrop, bench.tokens),
    }));
    const tickets = Number(await bench.redis.get(dropKeys(maxDrop).queueSeq));
    const ownersOk = (await bench.redis.hLen(dropKeys(maxDrop).tickets)) === tickets;

    console.log(JSON.stringify({ users: USERS, durationS: DURATION_S, rounds: ROUNDS, connections: CONNECTIONS, baseline, baselineSame, joinMax, joinFixed }, null, 2));
    console.log(`median of ${ROUNDS} rounds: hello-world ${baseline.rps} req/s | join ${joinMax.rps} joins/s → ratio ${ratio.toFixed(2)} (target ≥ 0.5)`);
    console.log(`hello-world with the join's generator config ${baselineSame.rps} req/s → ratio ${ratioSameConfig.toFixed(2)}`);
    console.log(`join at ${FIXED_RATE}/s: achieved ${joinFixed.rps}/s, p50 ${joinFixed.p50} ms, p99 ${joinFixed.p99} ms (target ≤ 20 ms), non-2xx ${joinFixed.non2xx}`);
    console.log(`tickets handed out in the max phase: ${tickets} for ${Math.min(USERS, rounds[rounds.length - 1]!.joinMax.total)} distinct accounts (last round); one ticket per account: ${ownersOk}`);
    // Machine-readable last line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'join', baseline, baselineSame, ratioSameConfig, rounds: ROUNDS, joinMax, joinFixed, fixedRate: FIXED_RATE, ratio, oneTicketPerAccount: ownersOk })}`);
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
