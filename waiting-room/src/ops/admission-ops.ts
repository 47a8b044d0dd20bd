import { conflict, dropKeys, notFound, stockLeft, type Knex, type Redis } from '@livedrop/common';
import { queueScripts } from '../lua/scripts';
import type { BoundBy } from '../controller/admission-bounds';
import { createDropsReader } from '../queue/drop-directory';

export type AdmissionAction = 'set_rate' | 'pause' | 'resume' | 'drain';

/**
 * pause:  admit nobody until resumed; joins still accepted; admitted shoppers keep their windows.
 * drain:  wind the queue down: admit nobody more and refuse new joins (409 queue_draining); shoppers already
 *         admitted finish their checkout. The drop is "drained" once nobody is admitted any more.
 * resume: clears both pause and drain.
 * Every change lands in the drop's `admission` hash (read by the next tick) and in admission_audit.
 */
const CHANGES: Record<Exclude<AdmissionAction, 'set_rate'>, Record<string, string>> = {
  pause: { paused: '1' },
  resume: { paused: '0', draining: '0' },
  drain: { draining: '1' },
};

export interface DropAdmissionStats {
  dropId: number;
  status: string;
  queueOpen: boolean;
  queueLength: number;
  serving: number;
  rate: number;
  effectiveRate: number;
  /** What limited the last tick's admissions (null before the first tick). */
  boundBy: BoundBy | null;
  /** Units bought per admission over the recent window (what lets admission run past the units left). */
  conversion: number | null;
  /** The order pipeline: orders confirmed per second (sustained) and orders holding a reservation. */
  confirmRate: number | null;
  ordersInflight: number | null;
  admittedNow: number;
  admittedTotal: number;
  noShows: number;
  noShowRate: number;
  stockLeft: number | null;
  soldOut: boolean;
  paused: boolean;
  draining: boolean;
  drained: boolean;
  lastTickAt: string | null;
}

export function createAdmissionOps({ redis, knex }: { redis: Redis; knex: Knex }) {
  const drops = createDropsReader(knex);
  const run = queueScripts();

  async function changeable(dropId: number) {
    const drop = await drops.byId(dropId);
    if (!drop) throw notFound('drop_not_found', `drop ${dropId} does not exist`);
    if (drop.status === 'ended' || drop.status === 'cancelled') throw conflict('drop_closed', `drop ${dropId} is ${drop.status}`);
    return drop;
  }

  async function change(dropId: number, actorUserId: number, action: AdmissionAction, fields: Record<string, string>) {
    const drop = await changeable(dropId);
    const names = Object.keys(fields);
    const old = (await run(redis, 'set-admission', [dropKeys(dropId).admission], names.flatMap((n) => [n, fields[n]!]))) as
      (string | null)[];
    const oldValue = Object.fromEntries(names.map((n, i) => [n, old[i] ?? (n === 'rate' ? String(drop.rate) : '0')]));
    try {
      await knex('admission_audit').insert({
        drop_id: dropId, actor_user_id: actorUserId, action, old_value: JSON.stringify(oldValue), new_value: JSON.stringify(fields),
      });
    } catch (err) {
      // No unaudited change: put the old values back before reporting the failure.
      await run(redis, 'set-admission', [dropKeys(dropId).admission], names.flatMap((n) => [n, oldValue[n]!]));
      throw err;
    }
    return { dropId, action, old: oldValue, new: fields, effective: 'next_tick' as const };
  }

  return {
    setRate: (dropId: number, actor: number, rate: number) => change(dropId, actor, 'set_rate', { rate: String(rate) }),
    pause: (dropId: number, actor: number) => change(dropId, actor, 'pause', CHANGES.pause),
    resume: (dropId: number, actor: number) => change(dropId, actor, 'resume', CHANGES.resume),
    drain: (dropId: number, actor: number) => change(dropId, actor, 'drain', CHANGES.drain),

    /** Live metrics for every drop the controller works on. */
    async liveDrops(): Promise<DropAdmissionStats[]> {
      const list = await drops.admitting();
      return Promise.all(list.map(async (drop) => {
        const k = dropKeys(drop.id);
        const [a, serving, seq, stock, admittedNow, inflight] = await Promise.all([
          redis.hGetAll(k.admission), redis.get(k.serving), redis.get(k.queueSeq), stockLeft(redis, drop.id), redis.zCard(k.admitted),
          redis.get(k.ordersInflight),
        ]);
        const numberOrNull = (v: string | undefined | null) => (v === undefined || v === null ? null : Number(v));
        const admittedTotal = Number(a.admittedTotal ?? 0);
        const noShows = Number(a.noShows ?? 0);
        const draining = a.draining === '1';
        return {
          dropId: drop.id,
          status: drop.status,
          queueOpen: a.phase === 'open',
          queueLength: Math.max(0, Number(seq ?? 0) - Number(serving ?? 0)),
          serving: Number(serving ?? 0),
          rate: Number(a.rate ?? drop.rate),
          effectiveRate: Number(a.effectiveRate ?? a.rate ?? drop.rate),
          boundBy: (a.boundBy as BoundBy | undefined) ?? null,
          conversion: numberOrNull(a.conversion),
          confirmRate: numberOrNull(a.confirmRate),
          ordersInflight: numberOrNull(inflight),
          admittedNow,
          admittedTotal,
          noShows,
          noShowRate: admittedTotal > 0 ? noShows / admittedTotal : 0,
          stockLeft: stock,
          soldOut: a.soldOut === '1',
          paused: a.paused === '1',
          draining,
          drained: draining && admittedNow === 0,
          lastTickAt: a.lastTickMs ? new Date(Number(a.lastTickMs)).toISOString() : null,
        };
      }));
    },
  };
}

export type AdmissionOps = ReturnType<typeof createAdmissionOps>;
