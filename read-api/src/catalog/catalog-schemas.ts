import { z } from 'zod';
import { DROP_STATUSES, imageSetSchema, mediaSchema } from '@livedrop/common';

// Shared by read-api (validation) and the gateway's proxy (validation + OpenAPI), so both agree.
// At most 15 digits: every such number is a safe integer, so the documented pattern is the whole rule (16 digits
// could pass the pattern and still be refused as too big — a schemathesis finding).
const id = z
  .string()
  .regex(/^[1-9]\d{0,14}$/, 'must be a positive integer id')
  .transform(Number)
  .pipe(z.number().int().max(Number.MAX_SAFE_INTEGER));

export const dropParams = z.object({ dropId: id });
export const productParams = z.object({ productId: id });
export const creatorParams = z.object({ creatorId: id });

export const DROP_LIST_MAX = 50;

export const dropListQuery = z.object({
  /**
   * `live` includes sold-out drops that are still running (stock may come back); `upcoming` = scheduled, soonest
   * first; `ended` = drops past their end, the most recent first. Without it: live and upcoming.
   */
  status: z.enum(['live', 'upcoming', 'ended']).optional(),
  limit: z.coerce.number().int().min(1).max(DROP_LIST_MAX).default(20),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().regex(/^[\w-]{1,64}$/, 'malformed cursor').optional(),
});

export type DropListQuery = z.infer<typeof dropListQuery>;

export const productSummary = z.object({
  id: z.number(),
  title: z.string(),
  priceMinor: z.number(),
  currency: z.string(),
  /** The first uploaded image's fallback JPEG, else the first hand-typed media URL. */
  imageUrl: z.string().nullable(),
  /** The first uploaded image, srcset-ready (null when the product has none ready). */
  image: imageSetSchema.extend({ alt: z.string(), width: z.number().nullable(), height: z.number().nullable() }).nullable(),
});

export const dropView = z.object({
  id: z.number(),
  status: z.enum(DROP_STATUSES),
  creatorId: z.number(),
  product: productSummary,
  prequeueOpensAt: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  totalStock: z.number(),
  perUserLimit: z.number(),
  seedHash: z.string(),
  /** Revealed once the drop has started; always null while scheduled. */
  seed: z.string().nullable(),
});

export const dropDetailResponse = z.object({ drop: dropView.extend({ stockLeft: z.number() }) });
export const dropListResponse = z.object({ drops: z.array(dropView), nextCursor: z.string().nullable() });

export const productView = z.object({
  id: z.number(),
  creatorId: z.number(),
  title: z.string(),
  description: z.string(),
  priceMinor: z.number(),
  currency: z.string(),
  mediaUrls: z.array(z.string()),
  /** Uploaded images and videos that are ready, in the creator's order. */
  media: z.array(mediaSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const productResponse = z.object({ product: productView });

export const creatorResponse = z.object({
  creator: z.object({
    id: z.number(),
    displayName: z.string(),
    createdAt: z.string(),
    followerCount: z.number(),
    products: z.array(productView),
    drops: z.array(dropView),
  }),
});

export type DropView = z.infer<typeof dropView>;
export type ProductView = z.infer<typeof productView>;
export type CreatorView = z.infer<typeof creatorResponse>['creator'];
