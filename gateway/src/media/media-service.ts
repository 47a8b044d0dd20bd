import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AppError, badRequest, conflict, FORMATS, formatOfContentType, loadProductMedia, notFound, recordEvent, uploadKey,
  type Config, type Knex, type MediaStorage, type MediaView,
} from '@livedrop/common';
import { createMediaRepo } from './media-repo';
import { inspectUpload, tooLarge } from './inspect-upload';
import { receiveToTempFile } from './receive-upload';

export interface Actor {
  id: number;
  role: string;
}

export interface UploadTicket {
  uploadId: string;
  method: 'PUT';
  url: string;
  headers: Record<string, string>;
  maxBytes: number;
  expiresAt: string;
}

export const LOCAL_UPLOAD_PATH = '/v1/media/uploads';

/**
 * A creator's media, in three steps a browser can drive: ask for an upload (a presigned S3 PUT, or this
 * gateway's one-time URL on the local store), PUT the bytes, register the upload. Registration judges the
 * bytes and queues processing (via the outbox: `product.media_added` → jobs worker); anything refused is
 * deleted at once, so nothing of it is kept. Another creator's product is 404, as for products.
 */
export function createMediaService(deps: { knex: Knex; storage: MediaStorage; config: Config }) {
  const { knex, storage, config } = deps;
  const repo = createMediaRepo(knex);
  const limits = { maxImageBytes: config.MEDIA_MAX_IMAGE_BYTES, maxVideoBytes: config.MEDIA_MAX_VIDEO_BYTES, maxImagePixels: config.MEDIA_MAX_IMAGE_PIXELS };
  const maxFor = (contentType: string) => (FORMATS[formatOfContentType(contentType)!].kind === 'image' ? limits.maxImageBytes : limits.maxVideoBytes);

  async function ownProduct(actor: Actor, productId: number, trx?: Knex.Transaction, lock = false) {
    const q = (trx ?? knex)('products').where({ id: productId }).whereNull('deleted_at').first('id', 'creator_id');
    const row = (await (lock ? q.forUpdate() : q)) as { id: number; creator_id: number } | undefined;
    // Ops may take media down (moderation); only the creator adds or reorders.
    const allowed = row && (Number(row.creator_id) === actor.id || actor.role === 'ops');
    if (!allowed) throw notFound('product_not_found', `no product ${productId} of yours`);
    return { creatorId: Number(row.creator_id) };
  }

  const list = async (productId: number, trx?: Knex.Transaction) =>
    (await loadProductMedia(trx ?? knex, [productId], config.MEDIA_PUBLIC_BASE_URL, { readyOnly: false })).get(productId)!;

  async function reject(uploadId: string, err: unknown): Promise<never> {
    await storage.delete([uploadKey(uploadId)]);
    await repo.deleteUpload(uploadId);
    throw err;
  }

  return {
    list: async (actor: Actor, productId: number) => {
      await ownProduct(actor, productId);
      return list(productId);
    },

    async createUpload(actor: Actor, productId: number, input: { contentType: string; bytes: number }): Promise<UploadTicket> {
      await ownProduct(actor, productId);
      const max = maxFor(input.contentType);
      if (input.bytes > max) throw tooLarge(max);
      if ((await repo.countLive(productId)) >= config.MEDIA_MAX_PER_PRODUCT) {
        throw new AppError(409, 'too_many_media', `a product holds at most ${config.MEDIA_MAX_PER_PRODUCT} images and videos`);
      }
      const uploadId = randomBytes(16).toString('hex');
      const expiresAt = new Date(Date.now() + config.MEDIA_UPLOAD_TTL_S * 1000);
      await repo.insertUpload({
        id: uploadId, product_id: productId, creator_id: actor.id, kind: FORMATS[formatOfContentType(input.contentType)!].kind,
        content_type: input.contentType, declared_bytes: input.bytes, expires_at: expiresAt,
      });
      const url = storage.presignPut
        ? await storage.presignPut(uploadKey(uploadId), input.contentType, input.bytes, config.MEDIA_UPLOAD_TTL_S)
        : `${LOCAL_UPLOAD_PATH}/${uploadId}`;
      return { uploadId, method: 'PUT', url, headers: { 'content-type': input.contentType }, maxBytes: max, expiresAt: expiresAt.toISOString() };
    },

    /** The local store's one-time upload URL (S3 takes the presigned PUT itself). The id is the credential. */
    async receiveLocal(uploadId: string, contentType: string | undefined, body: Readable): Promise<{ uploadId: string; bytes: number }> {
      if (storage.presignPut) throw notFound('upload_not_found', 'uploads go to the presigned S3 URL');
      const upload = await repo.findUpload(uploadId);
      if (!upload || !(await repo.claimUpload(uploadId))) throw notFound('upload_not_found', 'unknown, expired or already used upload URL');
      let received: Awaited<ReturnType<typeof receiveToTempFile>> | undefined;
      try {
        if (contentType?.split(';')[0]?.trim().toLowerCase() !== upload.content_type) {
          throw new AppError(415, 'unsupported_media_type', `send the bytes with content-type ${upload.content_type}, as declared`);
        }
        received = await receiveToTempFile(body, Number(upload.declared_bytes));
        await storage.put(uploadKey(uploadId), { file: received.file }, upload.content_type);
        // Early answer for a browser; registration judges the stored bytes again (and is all S3 uploads get).
        await inspectUpload(storage, uploadKey(uploadId), { contentType: upload.content_type, bytes: Number(upload.declared_bytes) }, limits);
        return { uploadId, bytes: received.bytes };
      } catch (err) {
        return await reject(uploadId, err);
      } finally {
        await received?.cleanup();
      }
    },

    async register(actor: Actor, productId: number, input: { uploadId: string; alt: string; posterMediaId?: number }): Promise<MediaView> {
      await ownProduct(actor, productId);
      const upload = await repo.findUpload(input.uploadId);
      if (!upload || Number(upload.product_id) !== productId || Number(upload.creator_id) !== actor.id) {
        throw notFound('upload_not_found', `no upload ${input.uploadId} for product ${productId}`);
      }
      if (new Date(upload.expires_at).getTime() <= Date.now()) await reject(upload.id, notFound('upload_not_found', 'the upload has expired'));
      if (upload.kind === 'image' && input.posterMediaId !== undefined) throw conflict('poster_not_allowed', 'only a video takes a poster image'); // the upload's kind decides: 409
      const key = uploadKey(upload.id);
      const inspected = await inspectUpload(storage, key, { contentType: upload.content_type, bytes: Number(upload.declared_bytes) }, limits)
        .catch((err: unknown) => (err instanceof AppError && err.code === 'upload_incomplete' ? Promise.reject(err) : reject(upload.id, err)));

      const mediaId = await knex.transaction(async (trx) => {
        const { creatorId } = await ownProduct(actor, productId, trx, true);
        if (input.posterMediaId !== undefined) {
          const poster = await repo.findLive(productId, input.posterMediaId, trx);
          if (!poster || poster.kind !== 'image') throw conflict('invalid_poster', `media ${input.posterMediaId} is not an image of this product`);
        }
        if ((await repo.countLive(productId, trx)) >= config.MEDIA_MAX_PER_PRODUCT) {
          throw new AppError(409, 'too_many_media', `a product holds at most ${config.MEDIA_MAX_PER_PRODUCT} images and videos`);
        }
        // Deleting the upload row is the claim: a concurrent second registration finds nothing.
        if (!(await repo.deleteUpload(upload.id, trx))) throw notFound('upload_not_found', 'this upload was already registered');
        const id = await repo.insert({
          productId, kind: upload.kind, alt: input.alt, sourceKey: key, contentType: upload.content_type, bytes: inspected.bytes,
          width: inspected.width, height: inspected.height, posterMediaId: input.posterMediaId ?? null,
        }, trx);
        await recordEvent(trx, { type: 'product.media_added', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId, mediaId: id } });
        return id;
      });
      return (await list(productId)).find((m) => m.id === mediaId)!;
    },

    async reorder(actor: Actor, productId: number, mediaIds: number[]): Promise<MediaView[]> {
      await knex.transaction(async (trx) => {
        const { creatorId } = await ownProduct(actor, productId, trx, true);
        const current = await repo.liveIds(productId, trx);
        const same = mediaIds.length === current.length && new Set(mediaIds).size === mediaIds.length && mediaIds.every((id) => current.includes(id));
        if (!same) throw badRequest('media_order_mismatch', `list every media id of the product exactly once: ${current.join(', ') || '(none)'}`);
        await repo.setPositions(mediaIds, trx);
        await recordEvent(trx, { type: 'product.media_reordered', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId } });
      });
      return list(productId);
    },

    /** Soft delete: the objects stay until GC finds them unreferenced past the grace period. */
    async remove(actor: Actor, productId: number, mediaId: number): Promise<void> {
      await knex.transaction(async (trx) => {
        const { creatorId } = await ownProduct(actor, productId, trx, true);
        if (!(await repo.findLive(productId, mediaId, trx))) throw notFound('media_not_found', `no media ${mediaId} on product ${productId}`);
        await repo.softDelete(mediaId, trx);
        await recordEvent(trx, { type: 'product.media_removed', aggregateType: 'product', aggregateId: productId, payload: { productId, creatorId, mediaId } });
      });
    },
  };
}

