import { dropKeys, stockLeft, type Knex, type Redis } from '@livedrop/common';
import { toDropDetail, type DropDetail } from './drop-view';
import type { DropRow } from './drops-repo';

export interface DropLiveStats {
  dropId: number;
  status: string;
  totalStock: number;
  /** Units nobody has reserved or bought yet; null before the inventory is loaded at the start. */
  stockLeft: number | null;
  /** Units in confirmed orders (MySQL, the truth). */
  sold: number;
  /** Shoppers waiting: the pre-queue before the start, then tickets not yet admitted. */
  queueLength: number;
  ts: number;
}

/** What a creator sees of their own drops: the list, and one drop's live numbers. */
export function createCreatorDrops({ knex, redis }: { knex: Knex; redis: Redis }) {
  return {
    async list(creatorId: number): Promise<(DropDetail & { productTitle: string })[]> {
      const rows: (DropRow & { product_title: string })[] = await knex('drops as d').join('products as p', 'p.id', 'd.product_id')
        .select('d.*', 'p.title as product_title').where('d.creator_id', creatorId).orderBy('d.starts_at', 'desc').limit(200);
      return rows.map((r) => ({ ...toDropDetail(r), productTitle: r.product_title }));
    },

    /** Call only after the caller may see the drop (owner or ops). */
    async liveStats(drop: DropDetail): Promise<DropLiveStats> {
      const k = dropKeys(drop.id);
      const [phase, seq, serving, stock, prequeue, sold] = await Promise.all([
        redis.hGet(k.admission, 'phase'), redis.get(k.queueSeq), redis.get(k.serving), stockLeft(redis, drop.id),
        redis.sCard(k.prequeue),
        knex('orders').where({ drop_id: drop.id, status: 'confirmed' }).sum({ n: 'quantity' }).first(),
      ]);
      return {
        dropId: drop.id, status: drop.status, totalStock: drop.totalStock,
        stockLeft: stock,
        sold: Number((sold as { n?: unknown } | undefined)?.n ?? 0),
        queueLength: phase === 'open' ? Math.max(0, Number(seq ?? 0) - Number(serving ?? 0)) : prequeue,
        ts: Date.now(),
      };
    },
  };
}
