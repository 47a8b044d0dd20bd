import { z } from 'zod';
import { mediaSchema, UPLOAD_CONTENT_TYPES } from '@livedrop/common';

export { mediaSchema };

export const mediaListSchema = z.object({ media: z.array(mediaSchema) });

export const uploadBody = z.strictObject({
  contentType: z.enum(UPLOAD_CONTENT_TYPES).describe('what the bytes are; checked against them later'),
  bytes: z.number().int().positive().describe('exact size of the file in bytes'),
});
export const uploadTicketSchema = z.object({
  uploadId: z.string(), method: z.literal('PUT'), url: z.string().describe('PUT the bytes here (presigned S3 URL or this API\'s one-time URL)'),
  headers: z.record(z.string(), z.string()), maxBytes: z.number().int(), expiresAt: z.string(),
});
export const registerBody = z.strictObject({
  uploadId: z.string().regex(/^[0-9a-f]{32}$/, 'an uploadId from POST …/media/uploads'),
  alt: z.string().trim().max(300).default(''),
  posterMediaId: z.number().int().positive().optional().describe('video only: an image of this product shown before playback'),
});
export const reorderBody = z.strictObject({ mediaIds: z.array(z.number().int().positive()).max(100) });
export const productMediaParams = z.object({ productId: z.coerce.number().int().positive() });
export const oneMediaParams = productMediaParams.extend({ mediaId: z.coerce.number().int().positive() });
export const uploadParams = z.object({ uploadId: z.string().regex(/^[0-9a-f]{32}$/, 'an uploadId') });
