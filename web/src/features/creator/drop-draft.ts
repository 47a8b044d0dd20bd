import type { CreatorDrop, DropDetail } from './creator-api';
import { fromLocalInput, toLocalInput } from './time-input';

export interface DropDraft {
  productId: string;
  startsAt: string;
  endsAt: string;
  totalStock: string;
  perUserLimit: string;
  admissionRatePerS: string;
  checkoutWindowS: string;
}

export interface DropValues {
  productId: number;
  startsAt: string;
  endsAt: string;
  totalStock: number;
  perUserLimit: number;
  admissionRatePerS: number;
  checkoutWindowS: number;
}

const HOUR = 3600_000;

export function draftFrom(drop?: DropDetail | CreatorDrop, productId?: number): DropDraft {
  const start = drop ? Date.parse(drop.startsAt) : Math.ceil((Date.now() + HOUR) / (15 * 60_000)) * 15 * 60_000;
  return {
    productId: String(drop?.productId ?? productId ?? ''),
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(drop ? Date.parse(drop.endsAt) : start + HOUR),
    totalStock: String(drop?.totalStock ?? 100),
    perUserLimit: String(drop?.perUserLimit ?? 1),
    admissionRatePerS: String(drop?.admissionRatePerS ?? 10),
    checkoutWindowS: String(drop?.checkoutWindowS ?? 120),
  };
}

const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);

export function validate(d: DropDraft, now = Date.now()): { values?: DropValues; errors: Partial<Record<keyof DropDraft, string>> } {
  const errors: Partial<Record<keyof DropDraft, string>> = {};
  const startsAt = fromLocalInput(d.startsAt);
  const endsAt = fromLocalInput(d.endsAt);
  if (!int(d.productId)) errors.productId = 'Pick one of your products.';
  if (!startsAt) errors.startsAt = 'Pick a start date and time.';
  else if (Date.parse(startsAt) <= now) errors.startsAt = 'The start must be in the future.';
  if (!endsAt) errors.endsAt = 'Pick an end date and time.';
  else if (startsAt && Date.parse(endsAt) <= Date.parse(startsAt)) errors.endsAt = 'The end must be after the start.';
  const stock = int(d.totalStock);
  const limit = int(d.perUserLimit);
  const rate = int(d.admissionRatePerS);
  const window = int(d.checkoutWindowS);
  if (!(stock >= 1 && stock <= 1_000_000)) errors.totalStock = 'Stock is a whole number from 1 to 1,000,000.';
  if (!(limit >= 1 && limit <= 1_000_000)) errors.perUserLimit = 'The per-person limit is a whole number of at least 1.';
  else if (stock >= 1 && limit > stock) errors.perUserLimit = 'The per-person limit cannot be above the stock.';
  if (!(rate >= 1 && rate <= 100_000)) errors.admissionRatePerS = 'The starting rate is a whole number of shoppers per second, at least 1.';
  if (!(window >= 30 && window <= 900)) errors.checkoutWindowS = 'The checkout window is 30 to 900 seconds.';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    values: {
      productId: int(d.productId), startsAt: startsAt!, endsAt: endsAt!, totalStock: stock, perUserLimit: limit,
      admissionRatePerS: rate, checkoutWindowS: window,
    },
  };
}

