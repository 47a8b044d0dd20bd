// An open-loop, evenly paced GET load generator for "p99 at N req/s" (used by drop-detail-bench.ts).
// Why not autocannon's overallRate: it sends each connection's per-second quota back to back at the start of every
// second and then pauses, so "5,000 req/s" is really bursts at full speed, and its coordinated-omission correction
// assumes a 1 ms interval. Here every request has an intended send time (start + i / rate); latency is measured from
// that time, so a request that had to wait for a free connection counts the wait (no coordinated omission).
// Plain keep-alive sockets, one request in flight per socket, a pre-built request buffer, a minimal response parser
// (status line + Content-Length, or a small chunked body without trailers).
import { connect, type Socket } from 'node:net';

export interface PacedResult { sent: number; done: number; rps: number; p50: number; p90: number; p99: number; max: number; non2xx: number; errors: number }

export async function pacedGet(opts: { url: string; rate: number; durationS: number; connections: number; headers?: Record<string, string> }): Promise<PacedResult> {
  const u = new URL(opts.url);
  const head = Object.entries({ host: u.host, connection: 'keep-alive', ...opts.headers }).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  const request = Buffer.from(`GET ${u.pathname}${u.search} HTTP/1.1\r\n${head}\r\n`);
  const total = Math.round(opts.rate * opts.durationS);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let next = 0; // index of the next request to send
  const idle: Conn[] = [];
  const t0 = performance.now() + 50;
  const due = (i: number) => t0 + (i * 1000) / opts.rate;

  interface Conn { socket: Socket; buf: Buffer; intended: number }
  const send = (c: Conn) => {
    c.intended = due(next++);
    c.socket.write(request);
  };
  const pump = () => {
    const now = performance.now();
    while (next < total && due(next) <= now && idle.length) send(idle.shift()!);
  };

  let finished!: () => void;
  const allDone = new Promise<void>((r) => { finished = r; });
  const complete = (c: Conn, status: number) => {
    latencies.push(performance.now() - c.intended);
    if (status < 200 || status >= 300) non2xx++;
    if (latencies.length + errors >= total) return finished();
    if (next < total && due(next) <= performance.now()) send(c); // behind schedule: go again at once
    else idle.push(c);
  };
  const conns = await Promise.all(Array.from({ length: opts.connections }, () => new Promise<Conn>((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname, () => resolve(c));
    const c: Conn = { socket, buf: Buffer.alloc(0), intended: 0 };
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      c.buf = c.buf.length ? Buffer.concat([c.buf, chunk]) : chunk;
      for (;;) {
        const end = c.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headText = c.buf.subarray(0, end).toString('latin1');
        let bodyEnd: number;
        if (/\r\ntransfer-encoding: *chunked/i.test(headText)) {
          const last = c.buf.indexOf('0\r\n\r\n', end + 4); // small bodies, no trailers: the zero chunk ends it
          if (last < 0) return;
          bodyEnd = last + 5;
        } else {
          bodyEnd = end + 4 + Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? 0);
          if (c.buf.length < bodyEnd) return;
        }
        c.buf = c.buf.subarray(bodyEnd);
        complete(c, Number(headText.slice(9, 12)));
      }
    });
  })));
  for (const c of conns) c.socket.on('error', () => { errors++; if (latencies.length + errors >= total) finished(); });
  idle.push(...conns);
  const started = performance.now();
  // A 1 ms ticker releases what is due; between ticks, freed connections pick up overdue requests themselves.
  const ticker = setInterval(pump, 1);
  await allDone;
  clearInterval(ticker);
  const elapsedS = (performance.now() - started) / 1000;
  for (const c of conns) c.socket.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]! * 10) / 10;
  return { sent: next, done: latencies.length, rps: Math.round(latencies.length / elapsedS), p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100), non2xx, errors };
}
