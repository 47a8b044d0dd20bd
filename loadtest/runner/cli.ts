// LiveDrop's k6-compatible executor (k6 itself is AGPL and not allowed here).
//   node loadtest/runner/k6.mjs run [--summary-export out.json] [-e KEY=VAL ...]
//        [--vus N] [--duration 10s] [--iterations N] [--quiet] [--no-summary] script.js
// k6.mjs loads tsx and then this file. See README.md next to it for the supported k6 subset.
import { register } from 'node:module';
import type { CliOptions } from './lib/options';

const USAGE = `usage: node loadtest/runner/k6.mjs run [options] script.js

options:
  -e, --env KEY=VALUE        add/override a value in __ENV (repeatable)
  -u, --vus N                number of VUs (replaces the script's scenarios, like k6)
  -d, --duration 10s         test duration (replaces the script's scenarios)
  -i, --iterations N         total iterations, shared among VUs
      --summary-export FILE  write the end-of-test summary data as JSON
      --summary-trend-stats  e.g. "avg,min,med,max,p(90),p(95),p(99)"
      --no-summary           don't print the text summary
  -q, --quiet                no banner/progress output
`;

function parseArgs(argv: string[]): { cli: CliOptions; rest: string[] } {
  const cli: CliOptions = { env: {} };
  const rest: string[] = [];
  const takeValue = (i: number, flag: string): [string, number] => {
    const [name = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    if (inline !== undefined && name.startsWith('--')) return [inline, i];
    const next = argv[i + 1];
    if (next === undefined) throw new Error(`${flag} needs a value`);
    return [next, i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const flag = arg.startsWith('--') ? arg.split('=')[0] : arg;
    let v: string;
    switch (flag) {
      case '-e': case '--env': {
        [v, i] = takeValue(i, flag);
        const eq = v.indexOf('=');
        if (eq <= 0) throw new Error(`invalid --env value "${v}" (expected KEY=VALUE)`);
        cli.env[v.slice(0, eq)] = v.slice(eq + 1);
        break;
      }
      case '-u': case '--vus': [v, i] = takeValue(i, flag); cli.vus = Number(v); break;
      case '-d': case '--duration': [v, i] = takeValue(i, flag); cli.duration = v; break;
      case '-i': case '--iterations': [v, i] = takeValue(i, flag); cli.iterations = Number(v); break;
      case '--summary-export': [v, i] = takeValue(i, flag); cli.summaryExport = v; break;
      case '--summary-trend-stats': [v, i] = takeValue(i, flag); cli.summaryTrendStats = v.split(',').map((s) => s.trim()); break;
      case '--no-summary': cli.noSummary = true; break;
      case '-q': case '--quiet': cli.quiet = true; break;
      case '-h': case '--help': cli.help = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new Error(`unknown option ${arg}`);
        rest.push(arg);
    }
  }
  return { cli, rest };
}

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  const { cli, rest } = parsed;
  const scriptPath = rest[1];
  if (cli.help || rest[0] !== 'run' || rest.length !== 2 || scriptPath === undefined) {
    process.stderr.write(USAGE);
    return cli.help ? 0 : 2;
  }
  if (typeof register !== 'function') {
    process.stderr.write('the LiveDrop k6 runner needs Node >= 20.6 (module.register)\n');
    return 2;
  }
  // Map `k6`, `k6/http`, ... to our shims before the script is imported. tsx's own
  // hooks (registered by k6.mjs) load this TypeScript hooks file on the loader thread.
  register('./loader-hooks.ts', import.meta.url);
  const { runTest } = await import('./lib/engine');
  // k6 exposes the system environment in __ENV by default; -e values win.
  const env = { ...process.env, ...cli.env };
  return runTest({ scriptPath, env, cli });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(107);
  },
);
