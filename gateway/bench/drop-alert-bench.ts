// "Drop started" to N followers connected over WebSocket: time from the drop going live (status commit +
// drop.live outbox event) to each follower's receipt. Pipeline: outbox relay → events → fan-out pages
// (notifications rows + pushToUser) → Redis pub/sub → gateway process → sockets (in a child process).
// Usage: npx tsx gateway/bench/drop-alert-bench.ts [followers=10000]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { bullConnection, createLogger, decodeUserBatch, globalKeys, QUEUES, recordEvent } from '@livedrop/common';
import { createAccessTokens } from '../src/auth/access-token';
import { startEventPipeline } from '../../workers/src/jobs/event-pipeline';
import { openBenchDatabase, pct, ROOT, startService } from './bench-env';

async function main() {
  const followers = Number(process.argv[2] ?? 10_000);
  const db = await openBenchDatabase();
  const tag = `bench-${randomBytes(4).toString('hex')}`;
  const [creatorId] = (await db.knex('users').insert({ email: `${tag}-creator@bench.livedrop.dev`, password_hash: 'x', display_name: tag, role: 'creator' })).map(Number) as [number];
  const userIds: number[] = [];
  for (let i = 0; i < followers; i += 2000) {
    const rows = Array.from({ length: Math.min(2000, followers - i) }, (_, j) => ({
      email: `${tag}-${i + j}@bench.livedrop.dev`, password_hash: 'x', display_name: `${tag} ${i + j}`, role: 'shopper',
    }));
    await db.knex('users').insert(rows);
  }
  userIds.push(...(await db.knex('users').where('email', 'like', `${tag}-%`).whereNot({ id: creatorId }).pluck('id')).map(Number));
  for (let i = 0; i < userIds.length; i += 2000) {
    await db.knex('follows').insert(userIds.slice(i, i + 2000).map((id) => ({ follower_id: id, creator_id: creatorId })));
  }
  const [productId] = (await db.knex('products').insert({ creator_id: creatorId, title: 'Alert bench', description: 'x', price_minor: 100, currency: 'EUR', media_urls: '[]' })).map(Number) as [number];
  const now = Date.now();
  const [dropId] = (await db.knex('drops').insert({
    product_id: productId, creator_id: creatorId, prequeue_opens_at: new Date(now), starts_at: new Date(now + 60_000),
    ends_at: new Date(now + 3_600_000), total_stock: 100, status: 'scheduled', seed_hash: 'x'.repeat(64),
  })).map(Number) as [number];
  const access = createAccessTokens(db.config.JWT_SECRET, 3600);
  const tokensFile = join(tmpdir(), `${tag}-tokens.json`);
  writeFileSync(tokensFile, JSON.stringify(await Promise.all(userIds.map((id) => access.sign({ id, role: 'shopper' })))));
  console.log(`seeded ${userIds.length} followers of creator ${creatorId}, drop ${dropId}`);

  const gateway = await startService('gateway/src/main.ts', 'GATEWAY_PORT', { MYSQL_URL: db.mysqlUrl, WS_MAX_SOCKETS_PER_IP: '0' });
  // The fan-out runs in this process under its own BullMQ prefix, so no other jobs worker on this Redis takes the jobs.
  const prefix = `${tag}-bull`;
  const pipeline = await startEventPipeline({
    connection: bullConnection(db.config.REDIS_URL), prefix, knex: db.knex, redis: db.redis,
    logger: createLogger({ LOG_LEVEL: 'warn' }, 'bench-jobs'), stockLowThreshold: 0,
    relayFilter: (q) => q.where({ aggregate_type: 'drop', aggregate_id: String(dropId) }),
  });
  const child = fork(join(ROOT, 'gateway', 'bench', 'ws-followers.ts'), [gateway.url, tokensFile], { execArgv: ['--import', 'tsx'] });
  try {
    const connectStarted = Date.now();
    const ready = await new Promise<{ open: number; failed: number }>((resolve) => child.once('message', resolve as never));
    console.log(`${ready.open} sockets open (${ready.failed} failed) in ${Date.now() - connectStarted} ms`);
    await new Promise((r) => setTimeout(r, 1000)); // let the connect storm settle
    const done = new Promise<{ received: number[]; failed: number }>((resolve) => child.on('message', (m: { kind: string }) => { if (m.kind === 'done') resolve(m as never); }));
    // Where the time goes: when Redis carried the last push vs when the last socket got it.
    const tap = db.redis.duplicate();
    await tap.connect();
    let published = 0;
    let lastPublishedAt = 0;
    await tap.pSubscribe(globalKeys.userChannelPattern, (m) => { if (m.includes('drop_started')) { published++; lastPublishedAt = Date.now(); } });
    // Fan-out pages publish one batch message per page (pushToUsers): count the users it carries.
    await tap.subscribe(globalKeys.userBatchChannel, (m) => {
      const batch = decodeUserBatch(m);
      if (batch?.text.includes('drop_started')) { published += batch.userIds.length; lastPublishedAt = Date.now(); }
    });
    const t0 = Date.now();
    await db.knex.transaction(async (trx) => {
      await trx('drops').where({ id: dropId }).update({ status: 'live' });
      await recordEvent(trx, { type: 'drop.live', aggregateType: 'drop', aggregateId: dropId, payload: { dropId, creatorId, productId, from: 'scheduled', to: 'live', startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3600_000).toISOString() } });
    });
    child.send({ kind: 'go' });
    const { received } = await done;
    await tap.quit();
    const latencies = received.map((t) => t - t0).sort((a, b) => a - b);
    console.log(`drop_started to ${followers} followers: received ${latencies.length}/${followers}; ` +
      `all ${published} pushes published by ${lastPublishedAt - t0} ms; first ${latencies[0]} ms, p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, p99 ${pct(latencies, 99)} ms, max ${latencies[latencies.length - 1]} ms`);
    // Machine-readable last line for loadtest/bench (the orchestrator of every benchmark).
    console.log(`RESULT ${JSON.stringify({ name: 'drop-alert', followers, received: latencies.length, missing: followers - latencies.length,
      latencyMs: { p50: pct(latencies, 50), p95: pct(latencies, 95), p99: pct(latencies, 99), max: latencies[latencies.length - 1] } })}`);
  } finally {
    child.kill();
    await pipeline.close();
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection: bullConnection(db.config.REDIS_URL), prefix });
      await queue.obliterate({ force: true });
      await queue.close();
    }
    await gateway.stop();
    await db.knex('drops').where({ id: dropId }).update({ status: 'ended' });
    unlinkSync(tokensFile);
    await db.close();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
