import type { Knex, MediaRow } from '@livedrop/common';

export interface UploadRow {
  id: string;
  product_id: number;
  creator_id: number;
  kind: 'image' | 'video';
  content_type: string;
  declared_bytes: number;
  status: 'pending' | 'received';
  expires_at: Date;
}

export interface NewMedia {
  productId: number;
  kind: 'image' | 'video';
  alt: string;
  sourceKey: string;
  contentType: string;
  bytes: number;
  width: number | null;
  height: number | null;
  posterMediaId: number | null;
}

/** Uploads waiting to be registered and each product's media rows (soft-deleted: GC needs to know when). */
export function createMediaRepo(knex: Knex) {
  const live = (db: Knex | Knex.Transaction, productId: number) =>
    db<MediaRow>('product_media').where({ product_id: productId }).whereNull('deleted_at');

  return {
    async insertUpload(row: Omit<UploadRow, 'status'>) {
      await knex('media_uploads').insert(row);
    },
    async findUpload(id: string, trx?: Knex.Transaction): Promise<UploadRow | undefined> {
      return (trx ?? knex)<UploadRow>('media_uploads').where({ id }).first();
    },
    /** The one-time URL: only a pending, unexpired upload can be claimed, and only once. */
    async claimUpload(id: string): Promise<boolean> {
      const n = await knex('media_uploads').where({ id, status: 'pending' }).where('expires_at', '>', knex.fn.now(3)).update({ status: 'received' });
      return n === 1;
    },
    async deleteUpload(id: string, trx?: Knex.Transaction): Promise<boolean> {
      return (await (trx ?? knex)('media_uploads').where({ id }).delete()) === 1;
    },
    async countLive(productId: number, trx?: Knex.Transaction): Promise<number> {
      const row = await live(trx ?? knex, productId).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async liveIds(productId: number, trx: Knex.Transaction): Promise<number[]> {
      return (await live(trx, productId).forUpdate().pluck('id')).map(Number);
    },
    async findLive(productId: number, mediaId: number, trx?: Knex.Transaction): Promise<MediaRow | undefined> {
      return live(trx ?? knex, productId).where({ id: mediaId }).first();
    },
    async insert(media: NewMedia, trx: Knex.Transaction): Promise<number> {
      const max = await live(trx, media.productId).max({ p: 'position' }).first();
      const position = max?.p === null || max?.p === undefined ? 0 : Number(max.p) + 1;
      const [id] = await trx('product_media').insert({
        product_id: media.productId, kind: media.kind, status: 'processing', position, alt: media.alt,
        source_key: media.sourceKey, content_type: media.contentType, bytes: media.bytes,
        width: media.width, height: media.height, poster_media_id: media.posterMediaId,
      });
      return Number(id);
    },
    async setPositions(ids: number[], trx: Knex.Transaction) {
      for (const [position, id] of ids.entries()) {
        await trx('product_media').where({ id }).update({ position, updated_at: knex.fn.now(3) });
      }
    },
    async softDelete(mediaId: number, trx: Knex.Transaction) {
      await trx('product_media').where({ id: mediaId }).update({ deleted_at: knex.fn.now(3), updated_at: knex.fn.now(3) });
    },
  };
}
