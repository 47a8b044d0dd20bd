import { expect } from '@playwright/test';
import { unique, type Account, type Api } from './webops-fixtures';

/** A product and a drop of it scheduled through the API; the drop-lifecycle workflow starts it on time. */
export async function scheduleDrop(api: Api, creator: Account, opts: { startsInMs: number; stock?: number; rate?: number }) {
  const title = unique('E2E sneaker');
  const product = await api.call<{ id: number }>('POST', '/products', {
    title, priceMinor: 4990, currency: 'EUR', description: 'made by a browser test',
  }, creator.accessToken);
  const startsAt = new Date(Date.now() + opts.startsInMs);
  const drop = await api.call<{ id: number }>('POST', '/drops', {
    productId: product.id, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
    totalStock: opts.stock ?? 100, perUserLimit: 1, admissionRatePerS: opts.rate ?? 1, checkoutWindowS: 60,
  }, creator.accessToken);
  return { dropId: drop.id, title };
}

/** Waits until the public catalog shows the drop live (the lifecycle workflow moved it at its start). */
export async function waitLive(api: Api, dropId: number) {
  await expect.poll(async () => (await api.call<{ drop: { status: string } }>('GET', `/catalog/drops/${dropId}`)).drop.status,
    { timeout: 60_000, intervals: [250] }).toBe('live');
}

/** "about 2 min 05 s" → 125; "any moment" → 0; anything else (paused, unknown) → NaN. */
export function etaSeconds(text: string | null): number {
  if (!text) return NaN;
  if (/any moment/.test(text)) return 0;
  const m = /(?:(\d+) h)?\s*(?:(\d+) min)?\s*(?:(\d+) s)?/.exec(text.replace('about', '').trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
