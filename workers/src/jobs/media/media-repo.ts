import { recordEvent, type Knex, type MediaRow } from '@livedrop/common';

export type ProcessingRow = MediaRow & { source_key: string | null; deleted_at: Date | null };

export interface VariantRow {
  role: string; format: string; width: number | null; height: number | null; key: string; bytes: number;
}

/** The media job's reads and writes of `product_media` and `media_variants`. */
export function createMediaRepo(knex: Knex) {
  return {
    async byId(mediaId: number): Promise<ProcessingRow | undefined> {
      return (await knex('product_media').where({ id: mediaId }).first()) as ProcessingRow | undefined;
    },

    /** Forgets the upload's key once its bytes are gone. */
    async clearSource(mediaId: number): Promise<void> {
      await knex('product_media').where({ id: mediaId }).update({ source_key: null });
    },

    /**
     * Ends processing, once: only a media still `processing` (re-read under its row lock) gets its variants
     * (duplicates ignored), its new status and the product.media_ready / _failed event. False when it was not.
     */
    async finish(row: ProcessingRow, status: 'ready' | 'failed', fields: Record<string, unknown>, variants: VariantRow[]): Promise<boolean> {
      return knex.transaction(async (trx) => {
        const current = await trx('product_media').where({ id: row.id }).forUpdate().first('status');
        if (current?.status !== 'processing') return false;
        if (variants.length) {
          await trx('media_variants').insert(variants.map((o) => ({
            media_id: row.id, object_key: o.key, role: o.role, format: o.format, width: o.width, height: o.height, bytes: o.bytes,
          }))).onConflict(['media_id', 'object_key', 'role']).ignore();
        }
        await trx('product_media').where({ id: row.id }).update({ ...fields, status, source_key: null, updated_at: knex.fn.now(3) });
        const creator = await trx('products').where({ id: row.product_id }).first('creator_id');
        await recordEvent(trx, {
          type: status === 'ready' ? 'product.media_ready' : 'product.media_failed', aggregateType: 'product', aggregateId: Number(row.product_id),
          payload: { productId: Number(row.product_id), creatorId: Number(creator?.creator_id), mediaId: Number(row.id) },
        });
        return true;
      });
    },
  };
}
