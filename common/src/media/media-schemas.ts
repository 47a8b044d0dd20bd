import { z } from 'zod';

// Response shapes for the OpenAPI document (the views are built in common/src/media/media-view.ts).
const variant = z.object({ format: z.enum(['avif', 'webp', 'jpeg']), width: z.number().int(), height: z.number().int(), url: z.string() });
export const imageSetShape = {
  variants: z.array(variant),
  srcset: z.object({ avif: z.string(), webp: z.string() }),
  fallback: variant.nullable(),
};
const common = {
  id: z.number().int(), status: z.enum(['processing', 'ready', 'failed']), position: z.number().int(), alt: z.string(),
  width: z.number().int().nullable(), height: z.number().int().nullable(),
};
export const mediaSchema = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('image'), ...imageSetShape }),
  z.object({
    ...common, kind: z.literal('video'), url: z.string().nullable(), contentType: z.string(), bytes: z.number().int(),
    poster: z.object(imageSetShape).nullable(),
  }),
]);
export const imageSetSchema = z.object(imageSetShape);
