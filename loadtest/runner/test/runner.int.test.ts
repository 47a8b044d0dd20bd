/**
 * End-to-end tests for the LiveDrop k6-compatible runner: real HTTP + WebSocket
 * servers in this process, the runner spawned as a child on fixture scripts
 * (through k6.mjs, the entry every caller uses).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import type { SummaryData } from '../lib/summary';

const RUNNER = path.join(__dirname, '..', 'k6.mjs');
const FIXTURES = path.join(__dirname, 'fixtures');

let server: http.Server;
let wss: WebSocketServer;
let baseUrl: string;
let wsUrl: string;
const recorded: Record<string, string>[] = [];
const flaky = new Map<string | null, number>();
interface RunResult { code: number | string; stdout: string; stderr: string; summary: SummaryData }

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/hello') return json(200, { msg: 'hi' });
    if (url.pathname === '/slow') return setTimeout(() => json(200, { msg: 'slow' }), 250);
    if (url.pathname === '/flaky') {
      // 503 + Retry-After twice per id, then 200: what a gateway answers while a dependency restarts.
      const id = url.searchParams.get('id');
      const attempts = (flaky.get(id) ?? 0) + 1;
      flaky.set(id, attempts);
      if (attempts <= 2) {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
        return res.end(JSON.stringify({ error: { code: 'redis_unavailable', message: 'retry' } }));
      }
      return json(200, { attempts });
    }
    if (url.pathname === '/record') {
      recorded.push(Object.fromEntries(url.searchParams));
      return json(200, { ok: true });
    }
    return json(404, { error: 'not found' });
  });
  wss = new WebSocketServer({ server, path: '/ws' });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(data.toString())));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  wsUrl = `ws://127.0.0.1:${port}/ws`;
});

afterAll(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
  await new Promise((resolve) => server.close(resolve));
});

/** Runs a fixture; resolves with exit code, output and the --summary-export JSON. */
function runK6(fixture: string, extraArgs: string[] = []): Promise<RunResult> {
  const exportPath = path.join(os.tmpdir(), `k6-summary-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const args = [RUNNER, 'run', '--quiet', '--summary-export', exportPath,
    '-e', `BASE_URL=${baseUrl}`, '-e', `WS_URL=${wsUrl}`, ...extraArgs, path.join(FIXTURES, fixture)];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 20_000 }, (err, stdout, stderr) => {
      let summary = null as unknown as SummaryData; // stays null when the run exits before the summary
      try {
        summary = JSON.parse(fs.readFileSync(exportPath, 'utf8'));
        fs.unlinkSync(exportPath);
      } catch { /* no summary (e.g. init error) */ }
      resolve({ code: err?.code ?? 0, stdout, stderr, summary });
    });
  });
}

const values = (summary: SummaryData, metric: string) => summary.metrics[metric]?.values ?? {};

jest.setTimeout(25_000);

test('counts requests, failed requests and checks', async () => {
  const r = await runK6('basic.js');
  expect(r.stderr).not.toMatch(/ERRO/);
  expect(r.code).toBe(0);
  expect(values(r.summary, 'http_reqs').count).toBe(20);
  expect(values(r.summary, 'iterations').count).toBe(10);
  expect(values(r.summary, 'http_req_failed').rate).toBeCloseTo(0.5);
  expect(values(r.summary, 'checks')).toMatchObject({ rate: 0.5, passes: 10, fails: 10 });
  const checks = Object.fromEntries(r.summary.root_group.checks.map((c) => [c.name, c]));
  expect(checks['hello is 200']).toMatchObject({ passes: 10, fails: 0 });
  expect(checks['missing is 200']).toMatchObject({ passes: 0, fails: 10 });
  expect(r.stdout).toMatch(/✓ hello is 200/);
  expect(r.stdout).toMatch(/✗ missing is 200/);
});

test('a crossed threshold exits 99 and is marked ✗', async () => {
  const r = await runK6('thresholds.js', ['-e', 'LIMIT=0.0001']);
  expect(r.code).toBe(99);
  expect(r.stdout).toMatch(/✗ http_req_duration 'p\(95\)<0.0001'/);
  expect(r.summary.metrics.http_req_duration?.thresholds?.['p(95)<0.0001']).toEqual({ ok: false });
  expect(r.summary.metrics.http_reqs?.thresholds?.['count==5']).toEqual({ ok: true });
});

test('passing thresholds exit 0 and are marked ✓', async () => {
  const r = await runK6('thresholds.js', ['-e', 'LIMIT=5000']);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/✓ http_req_duration 'p\(95\)<5000'/);
});

test('constant-arrival-rate roughly keeps its rate', async () => {
  const r = await runK6('arrival-rate.js');
  expect(r.code).toBe(0);
  const n = values(r.summary, 'iterations').count;
  expect(n).toBeGreaterThanOrEqual(60);
  expect(n).toBeLessThanOrEqual(110);
});

test('tag-filtered submetric thresholds', async () => {
  const r = await runK6('submetric.js');
  expect(r.code).toBe(99);
  expect(r.summary.metrics['http_req_duration{name:fast}']?.thresholds?.['p(99)<200']).toEqual({ ok: true });
  expect(r.summary.metrics['http_req_duration{name:slow}']?.thresholds?.['p(99)<200']).toEqual({ ok: false });
  expect(values(r.summary, 'http_req_duration{name:slow}')['p(99)']).toBeGreaterThanOrEqual(240);
  expect(values(r.summary, 'http_req_duration{name:fast}')['p(99)']).toBeLessThan(200);
});

test('websocket shim echoes and the iteration waits for the socket to close', async () => {
  const r = await runK6('websocket.js');
  expect(r.stderr).not.toMatch(/ERRO/);
  expect(r.code).toBe(0);
  expect(values(r.summary, 'ws_sessions').count).toBe(2);
  expect(values(r.summary, 'ws_msgs_sent').count).toBe(6);
  expect(values(r.summary, 'ws_msgs_received').count).toBe(6);
  expect(values(r.summary, 'checks').passes).toBe(6);
  // The script closes 300 ms after the last echo: iterations can't be shorter.
  expect(values(r.summary, 'iteration_duration').min).toBeGreaterThanOrEqual(295);
});

test('setup data reaches the default function and __VU/__ITER are per VU', async () => {
  recorded.length = 0;
  const r = await runK6('setup-vu.js');
  expect(r.stderr).not.toMatch(/ERRO/);
  expect(r.code).toBe(0);
  expect(values(r.summary, 'checks')).toMatchObject({ rate: 1, passes: 24 });
  expect(recorded).toHaveLength(12);
  expect(new Set(recorded.map((q) => q.vu))).toEqual(new Set(['1', '2', '3', '4']));
  for (const vu of ['1', '2', '3', '4']) {
    expect(recorded.filter((q) => q.vu === vu).map((q) => q.iter).sort()).toEqual(['0', '1', '2']);
  }
  expect(recorded.every((q) => q.token === 'abc')).toBe(true);
});

test('synchronous http calls fail with a clear message', async () => {
  const r = await runK6('sync-http.js');
  expect(r.code).toBe(0); // like k6: iteration errors are logged, not fatal
  expect(r.stderr).toMatch(/use asyncRequest: synchronous k6 http is not supported by the LiveDrop runner/);
});

test('an exception in the init context exits 107', async () => {
  const r = await runK6('init-error.js');
  expect(r.code).toBe(107);
  expect(r.stderr).toMatch(/boom in init/);
});

test('the API helpers back off and retry a 503 with Retry-After (a dependency restarting), counting no 5xx', async () => {
  const r = await runK6('retry-503.js');
  expect(r.code).toBe(0);
  expect(values(r.summary, 'checks').rate).toBe(1);
  expect(values(r.summary, 'http_reqs').count).toBe(3);
  expect(values(r.summary, 'http_5xx').rate ?? values(r.summary, 'http_5xx').value).toBe(0);
});
