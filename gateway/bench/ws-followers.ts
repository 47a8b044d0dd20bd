// Child process of drop-alert-bench.ts: holds one WebSocket per follower and reports when each one
// received `drop_started` (Date.now(), same machine clock as the parent).
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const [gatewayUrl, tokensFile] = process.argv.slice(2) as [string, string];
const tokens = JSON.parse(readFileSync(tokensFile, 'utf8')) as string[];
const received: number[] = [];
const sockets: WebSocket[] = [];
let failed = 0;

function open(token: string) {
  return new Promise<void>((resolve) => {
    const ws = new WebSocket(`ws${gatewayUrl.slice(4)}/ws?token=${token}`, { perMessageDeflate: false });
    ws.on('message', (data) => {
      if ((data.toString().includes('"drop_started"'))) {
        received.push(Date.now());
        if (received.length === tokens.length) report();
      }
    });
    ws.once('open', () => { sockets.push(ws); resolve(); });
    ws.once('error', () => { failed++; resolve(); });
  });
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  process.send!({ kind: 'done', received, failed }, () => {
    for (const ws of sockets) ws.terminate();
    process.exit(0);
  });
}

async function main() {
  for (let i = 0; i < tokens.length; i += 250) await Promise.all(tokens.slice(i, i + 250).map(open));
  process.send!({ kind: 'ready', open: sockets.length, failed });
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'go') setTimeout(report, 20_000).unref(); // whoever has not heard by then counts as missing
  });
}

void main();
