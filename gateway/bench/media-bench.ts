// A cached product image through the gateway's /media route, beside a bare node:http hello-world in the same run:
//   1. throughput: wrk (compiled, from Debian; autocannon when wrk is missing), same settings for both servers;
//   2. p99 at a fixed rate (default 5,000 req/s), open loop and evenly paced (read-api/bench/paced-get.ts).
// The image is a real 640 px WebP variant as the jobs worker makes it, stored on the local-disk driver under its
// SHA-256 name; after the first request the gateway answers it from memory (content-addressed, never stale).
// Usage: npx tsx gateway/bench/media-bench.ts [durationSeconds=10] [rate=5000]
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { createLocalStorage, mediaKey } from '@livedrop/common';
import { pacedGet } from '../../read-api/bench/paced-get';
import { startService, type Service } from './bench-env';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (o: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p99: number } }>;

const run = promisify(execFile);
const CONNECTIONS = 64;

/** A 640×400 photo-like WebP (gradient + grain), as a variant of an uploaded product photo would be. */
async function productImage(): Promise<Buffer> {
  const [w, h] = [640, 400];
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    const grain = (Math.sin(i * 12.9898) * 43758.5453) % 1;
    px[i * 3] = (x * 255) / w;
    px[i * 3 + 1] = (y * 255) / h;
    px[i * 3 + 2] = 100 + grain * 40;
  }
  return sharp(px, { raw: { width: w, height: h, channels: 3 } }).webp({ quality: 80 }).toBuffer();
}

async function hasWrk(): Promise<boolean> {
  // `wrk --version` prints its banner and exits 1.
  return run('wrk', ['--version']).then(() => true, (err: { stdout?: string; code?: unknown }) => /^wrk /.test(err.stdout ?? ''));
}

/** Max throughput with the same generator for every target. wrk's own p99 (closed loop) is printed too. */
async function throughput(url: string, durationS: number, wrk: boolean): Promise<{ rps: number; p99: number; tool: string }> {
  if (wrk) {
    const { stdout } = await run('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${durationS}s`, '--latency', url], { timeout: (durationS + 30) * 1000 });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
    const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
    const scale = { us: 0.001, ms: 1, s: 1000 } as Record<string, number>;
    return { rps: Math.round(rps), p99: p99 ? Number(p99[1]) * scale[p99[2]!]! : NaN, tool: 'wrk -t1 -c64' };
  }
  const r = await autocannon({ url, connections: CONNECTIONS, duration: durationS });
  return { rps: Math.round(r.requests.average), p99: r.latency.p99, tool: 'autocannon -c64' };
}

async function main() {
  const duration = Number(process.argv[2] ?? 10);
  const rate = Number(process.argv[3] ?? 5000);
  const dir = await mkdtemp(join(tmpdir(), 'livedrop-media-bench-'));
  const services: Service[] = [];
  try {
    const image = await productImage();
    const key = mediaKey(createHash('sha256').update(image).digest('hex'), 'webp');
    await createLocalStorage(dir).put(key, image, 'image/webp');
    const gateway = await startService('gateway/src/main.ts', 'GATEWAY_PORT', { MEDIA_STORAGE: 'local', MEDIA_LOCAL_DIR: dir });
    services.push(gateway);
    const hello = await startService('waiting-room/bench/hello-server.ts', 'PORT', {});
    services.push(hello);
    const imageUrl = `${gateway.url}/${key}`;
    const check = await fetch(imageUrl);
    if (check.status !== 200 || check.headers.get('cache-control') !== 'public, max-age=31536000, immutable') {
      throw new Error(`the media route answered ${check.status} ${check.headers.get('cache-control')}`);
    }
    console.log(`image: ${image.length} bytes WebP at ${imageUrl}`);

    const wrk = await hasWrk();
    const results: Record<string, unknown> = { bytes: image.length, rate, durationS: duration };
    for (const [name, url] of [['hello', `${hello.url}/`], ['image', imageUrl]] as const) {
      await throughput(url, 2, wrk); // warm-up: JIT, keep-alive, the gateway's in-memory copy
      // Paced first: right after a saturating run the server may still be collecting its garbage.
      const paced = await pacedGet({ url, rate, durationS: duration, connections: CONNECTIONS });
      const max = await throughput(url, duration, wrk);
      console.log(`${name.padEnd(6)} max ${max.rps} req/s (${max.tool}, p99 ${max.p99} ms); paced ${rate} req/s: achieved ${paced.rps}/s, ` +
        `p50 ${paced.p50} ms, p99 ${paced.p99} ms, max ${paced.max} ms, non-2xx ${paced.non2xx}, errors ${paced.errors}`);
      results[name] = { maxRps: max.rps, maxP99: max.p99, tool: max.tool, paced };
    }
    const ratio = (results.image as { maxRps: number }).maxRps / (results.hello as { maxRps: number }).maxRps;
    console.log(`image throughput = ${ratio.toFixed(2)}× hello-world`);
    // Machine-readable line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'media', ...results, ratio: Math.round(ratio * 100) / 100 })}`);
  } finally {
    for (const s of services.reverse()) await s.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
