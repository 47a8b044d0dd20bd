// The baseline for join-bench: a bare node:http hello-world (what "as fast as Node can answer" means here).
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? process.env.PORT);
createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello world');
}).listen(port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
