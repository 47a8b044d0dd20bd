// Audits drops after a load test: MySQL orders/payments/ledger vs the Redis inventory (rules in audit-rules.ts).
//   npx tsx loadtest/audit/audit.ts [--drop 12 --drop 13 | --since-minutes 60] [--reconcile] [--grace-s 10]
// Prints one line per drop, every violation, and a last line `RESULT {json}`; exits 1 on any violation.
import { parseArgs } from 'node:util';
import { Queue, QueueEvents } from 'bullmq';
import { bullConnection, createKnex, createLogger, createRedis, loadConfigOrExit, QUEUES } from '@livedrop/common';
import { auditDrop, type Violation } from './audit-rules';
import { readDropFacts, recentDropIds } from './audit-facts';

const { values } = parseArgs({
  options: {
    drop: { type: 'string', multiple: true },
    'since-minutes': { type: 'string', default: '60' },
    reconcile: { type: 'boolean', default: false },
    'reconcile-timeout-s': { type: 'string', default: '20' },
    'grace-s': { type: 'string', default: '10' },
  },
});

/** Asks the jobs worker to reconcile each drop (the same job as POST /v1/ops/drops/:id/reconcile) and waits. */
async function reconcile(redisUrl: string, dropIds: number[], timeoutMs: number): Promise<string> {
  const connection = bullConnection(redisUrl);
  const queue = new Queue(QUEUES.reconciliation, { connection });
  const events = new QueueEvents(QUEUES.reconciliation, { connection });
  try {
    if ((await queue.getWorkersCount()) === 0) return 'skipped (no worker listens on the reconciliation queue)';
    await events.waitUntilReady();
    const jobs = await Promise.all(dropIds.map((dropId) =>
      queue.add('reconcile-drop', { dropId, trigger: 'audit' }, { removeOnComplete: 1000, removeOnFail: 1000 })));
    try {
      await Promise.all(jobs.map((j) => j.waitUntilFinished(events, timeoutMs)));
      return 'done';
    } catch (err) {
      // No reconciliation worker (or a slow one): audit the raw state rather than hang.
      await Promise.all(jobs.map((j) => j.remove().catch(() => undefined)));
      return `skipped (${(err as Error).message})`;
    }
  } finally {
    await events.close();
    await queue.close();
  }
}

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger({ LOG_LEVEL: 'warn' }, 'audit');
  const knex = createKnex(config.MYSQL_URL, 4);
  const redis = await createRedis(config.REDIS_URL, logger, 'audit');
  try {
    const named = (values.drop ?? []).flatMap((d) => d.split(',')).filter(Boolean).map(Number);
    if (named.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`--drop takes positive integer ids, got ${values.drop?.join(',')}`);
    const dropIds = named.length ? named : await recentDropIds(knex, Number(values['since-minutes']));
    if (values.reconcile && dropIds.length) {
      console.log(`reconciliation: ${await reconcile(config.REDIS_URL, dropIds, Number(values['reconcile-timeout-s']) * 1000)}`);
    }
    const options = { nowMs: Date.now(), graceMs: Number(values['grace-s']) * 1000, paymentTimeoutMs: config.PAYMENT_TIMEOUT_MS };
    const violations: Violation[] = [];
    let audited = 0;
    for (const dropId of dropIds) {
      const facts = await readDropFacts(knex, redis, dropId);
      if (!facts) {
        violations.push({ dropId, rule: 'drop_missing', detail: `drop ${dropId} is not in ${new URL(config.MYSQL_URL).pathname.slice(1)}` });
        continue;
      }
      const result = auditDrop(facts, options);
      audited++;
      const s = result.summary;
      console.log(`drop ${dropId} [${s.status}] stock ${s.totalStock}, sold ${s.soldUnits}, redis stock ${s.redisStock ?? '-'}, held ${s.heldUnits ?? '-'}, ` +
        `charges ${s.succeededPayments}, orders ${JSON.stringify(s.orders)} → ${result.violations.length ? 'VIOLATIONS' : 'ok'}`);
      violations.push(...result.violations);
    }
    for (const v of violations) console.log(`  VIOLATION drop ${v.dropId} ${v.rule}: ${v.detail}`);
    const byRule = violations.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v.rule]: (acc[v.rule] ?? 0) + 1 }), {});
    console.log(`audit: ${audited} drop(s), ${violations.length} violation(s)`);
    console.log(`RESULT ${JSON.stringify({ name: 'audit', ok: violations.length === 0, drops: audited, violations: violations.length, byRule })}`);
    return violations.length === 0 ? 0 : 1;
  } finally {
    await redis.quit();
    await knex.destroy();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`audit failed to run: ${(err as Error).stack ?? String(err)}`);
  process.exit(2);
});
