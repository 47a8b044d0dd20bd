/**
 * Outcomes of admissions (units bought and buyers when a token is spent; non-buyers when a shopper leaves or
 * times out) are counted per bucket of this many ms in `{drop:N}:admission:outcomes`; the controller sums
 * the recent buckets into the measured conversion (controller/admission-bounds.ts).
 */
export const OUTCOME_BUCKET_MS = 10_000;

export const outcomeBucket = (nowMs: number) => Math.floor(nowMs / OUTCOME_BUCKET_MS);

/** Kept past any token lifetime, so a late retry still finds the burn (or leave) record. */
export const BURN_RETENTION_MS = 7 * 24 * 3600_000;
