import { z } from 'zod';
import type { DropRow } from './drops-repo';
import { DROP_STATUSES } from '@livedrop/common';

export const dropDetailSchema = z.object({
  id: z.number(),
  productId: z.number(),
  creatorId: z.number(),
  status: z.enum(DROP_STATUSES),
  prequeueOpensAt: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  totalStock: z.number(),
  priceMinor: z.number().nullable().describe('the price charged per unit, fixed from the product when the drop was scheduled'),
  currency: z.string().nullable(),
  perUserLimit: z.number(),
  admissionRatePerS: z.number(),
  checkoutWindowS: z.number(),
  seedHash: z.string().describe('SHA-256 (hex) of the seed bytes, public from scheduling'),
  seed: z.string().nullable().describe('the pre-queue shuffle seed (hex of 32 bytes); null until the drop has started'),
  workflowId: z.string().nullable(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DropDetail = z.infer<typeof dropDetailSchema>;

const iso = (d: Date) => new Date(d).toISOString();

/** Owner/ops view of a drop. The seed is shown only once the drop has left `scheduled` (the reveal). */
export function toDropDetail(row: DropRow): DropDetail {
  return {
    id: Number(row.id),
    productId: Number(row.product_id),
    creatorId: Number(row.creator_id),
    status: row.status,
    prequeueOpensAt: iso(row.prequeue_opens_at),
    startsAt: iso(row.starts_at),
    endsAt: iso(row.ends_at),
    totalStock: Number(row.total_stock),
    priceMinor: row.price_minor == null ? null : Number(row.price_minor),
    currency: row.currency,
    perUserLimit: Number(row.per_user_limit),
    admissionRatePerS: Number(row.admission_rate_per_s),
    checkoutWindowS: Number(row.checkout_window_s),
    seedHash: row.seed_hash,
    seed: row.status === 'scheduled' ? null : row.seed,
    workflowId: row.workflow_id,
    version: Number(row.version),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
