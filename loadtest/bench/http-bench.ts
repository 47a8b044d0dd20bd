// The HTTP targets of issue 10 item 6, measured with compiled generators (compiled-load.ts) in one run:
//   1. bare node:http hello-world vs waiting-room join, same wrk script (a different user's token per request),
//      alternating for BENCH_ROUNDS rounds → the median per-round ratio (target ≥ 0.5)
//   2. join p99 at a fixed BENCH_JOIN_RATE (default 5,000) joins/s, vegeta open loop (target ≤ 20 ms)
//   3. cached drop read (GET /v1/catalog/drops/:id) through the gateway at BENCH_READ_RATE req/s, vegeta (≤ 10 ms)
// Usage: npx tsx loadtest/bench/http-bench.ts   (BENCH_DURATION_S=10 BENCH_USERS=5000 BENCH_CONNECTIONS=64
//   BENCH_WRK_THREADS=1 BENCH_ROUNDS=3 BENCH_JOIN_RATE=5000 BENCH_READ_RATE=5000). Prints `RESULT {json}` lines.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startService, type Service } from '../../gateway/bench/bench-env';
import { prepareBench, ROOT } from '../../waiting-room/bench/bench-support';
import { compiledTools, runVegeta, runWrk, type LoadResult } from './compiled-load';

const env = process.env;
const int = (key: string, dflt: number) => Number(env[key] ?? dflt);
const S = {
  durationS: int('BENCH_DURATION_S', 10),
  users: int('BENCH_USERS', 5000),
  connections: int('BENCH_CONNECTIONS', 64),
  // One wrk thread: the other core is the server's (it is one Node process; Redis and MySQL share the box).
  threads: int('BENCH_WRK_THREADS', 1),
  rounds: int('BENCH_ROUNDS', 3),
  joinRate: int('BENCH_JOIN_RATE', 5000),
  readRate: int('BENCH_READ_RATE', 5000),
};
const WORK_DIR = join(ROOT, '.run', 'loadtest', `http-bench-${process.pid}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const show = (r: LoadResult) => `${r.rps}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms, non-2xx ${r.non2xx}, errors ${r.errors}`;

async function main() {
  const tools = compiledTools();
  mkdirSync(WORK_DIR, { recursive: true });
  const bench = await prepareBench(S.users);
  const tokensFile = join(WORK_DIR, 'tokens.txt');
  writeFileSync(tokensFile, `${bench.tokens.join('\n')}\n`);
  const services: Service[] = [];
  try {
    const serviceEnv = { MYSQL_URL: bench.mysqlUrl };
    const hello = await startService('waiting-room/bench/hello-server.ts', 'PORT', {});
    services.push(hello);
    const readApi = await startService('read-api/src/main.ts', 'READ_API_PORT', serviceEnv);
    services.push(readApi);
    const gateway = await startService('gateway/src/main.ts', 'GATEWAY_PORT', { ...serviceEnv, READ_API_URL: readApi.url });
    services.push(gateway);
    const wrkRun = (url: string, method: string, path: string, durationS = S.durationS) =>
      runWrk('wrk', tools.wrk, { url, durationS, connections: S.connections, threads: S.threads, tokensFile, method, path });

    // Warm-up: JIT, keep-alive pools, the drop cache.
    await wrkRun(hello.url, 'POST', '/', 2);
    await wrkRun(gateway.url, 'POST', `/v1/drops/${await bench.liveDrop()}/queue`, 2);

    const rounds: { hello: LoadResult; join: LoadResult }[] = [];
    for (let i = 0; i < S.rounds; i++) {
      const helloRun = await wrkRun(hello.url, 'POST', '/');
      const joinRun = await wrkRun(gateway.url, 'POST', `/v1/drops/${await bench.liveDrop()}/queue`);
      rounds.push({ hello: helloRun, join: joinRun });
      console.log(`round ${i + 1}: hello-world ${show(helloRun)} | join ${show(joinRun)}`);
    }
    const ratio = median(rounds.map((r) => r.join.rps / r.hello.rps));
    const pick = (f: (r: (typeof rounds)[number]) => number) => rounds.find((r) => f(r) === median(rounds.map(f)))!;
    const baseline = pick((r) => r.hello.rps).hello;
    const joinMax = pick((r) => r.join.rps).join;
    console.log(`median of ${S.rounds} rounds: hello-world ${baseline.rps}/s, join ${joinMax.rps}/s → ratio ${ratio.toFixed(2)} (target ≥ 0.5)`);
    console.log(`RESULT ${JSON.stringify({ name: 'http-join-max', generator: 'wrk', settings: S, baseline, joinMax, ratio, rounds })}`);

    const joinFixed = await runVegeta('join-paced', tools.vegeta, {
      method: 'POST', url: `${gateway.url}/v1/drops/${await bench.liveDrop()}/queue`, tokens: bench.tokens,
      rate: S.joinRate, durationS: S.durationS, workDir: WORK_DIR,
    });
    console.log(`join at ${S.joinRate}/s (vegeta, open loop): ${show(joinFixed)} (target p99 ≤ 20 ms)`);
    console.log(`RESULT ${JSON.stringify({ name: 'http-join-fixed', generator: 'vegeta', rate: S.joinRate, ...joinFixed })}`);

    const readDrop = await bench.liveDrop();
    const readUrl = `${gateway.url}/v1/catalog/drops/${readDrop}`;
    const warm = await fetch(readUrl);
    if (!warm.ok) throw new Error(`GET ${readUrl} answered ${warm.status}`);
    await runVegeta('read-warm', tools.vegeta, { method: 'GET', url: readUrl, tokens: null, rate: 1000, durationS: 2, workDir: WORK_DIR });
    const reads = await runVegeta('read-paced', tools.vegeta, {
      method: 'GET', url: readUrl, tokens: null, rate: S.readRate, durationS: S.durationS, workDir: WORK_DIR,
    });
    console.log(`cached drop read via gateway at ${S.readRate}/s (vegeta, open loop): ${show(reads)} (target p99 ≤ 10 ms)`);
    console.log(`RESULT ${JSON.stringify({ name: 'http-reads-fixed', generator: 'vegeta', rate: S.readRate, ...reads })}`);

    // Where the read's tail comes from, same rate, same generator: read-api alone (no gateway hop) and the bare
    // hello-world (the floor of this box at this rate).
    const paced = (name: string, url: string) =>
      runVegeta(name, tools.vegeta, { method: 'GET', url, tokens: null, rate: S.readRate, durationS: S.durationS, workDir: WORK_DIR });
    const direct = await paced('read-direct', `${readApi.url}/v1/catalog/drops/${readDrop}`);
    console.log(`  the same read on read-api directly: ${show(direct)}`);
    const floor = await paced('hello-paced', hello.url);
    console.log(`  bare hello-world at the same rate: ${show(floor)}`);
    console.log(`RESULT ${JSON.stringify({ name: 'http-reads-floor', generator: 'vegeta', rate: S.readRate, direct, hello: floor })}`);
  } finally {
    for (const s of services.reverse()) await s.stop();
    await bench.close();
    rmSync(WORK_DIR, { recursive: true, force: true }); // the tokens file holds live access tokens
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
