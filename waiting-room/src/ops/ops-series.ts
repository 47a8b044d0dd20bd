import { dropKeys, type Redis } from '@livedrop/common';

/** How much history the ops console shows; older samples are trimmed on every write. */
export const SERIES_WINDOW_MS = 15 * 60_000;

/** One point of a drop's ops time series (written once per controller pass, about once a second). */
export interface SeriesSample {
  /** Sample time, epoch ms. */
  t: number;
  queueLength: number;
  admissionsPerS: number;
  confirmedPerS: number;
  /** Running totals the rates were derived from, so a restarted publisher continues the rates without a dip. */
  admittedTotal: number;
  confirmedTotal: number;
}

/**
 * Appends a sample to the drop's sorted set (score = time) and trims it to the window. The key expires a
 * while after the last write, so an ended drop's history disappears without a cleanup job.
 */
export async function appendSeriesSample(redis: Redis, dropId: number, sample: SeriesSample): Promise<void> {
  const key = dropKeys(dropId).opsSeries;
  await redis.multi()
    .zAdd(key, { score: sample.t, value: JSON.stringify(sample) })
    .zRemRangeByScore(key, '-inf', sample.t - SERIES_WINDOW_MS)
    .pExpire(key, SERIES_WINDOW_MS)
    .exec();
}

/** Samples of the last `windowMs` (oldest first). */
export async function readSeries(redis: Redis, dropId: number, now: number, windowMs = SERIES_WINDOW_MS): Promise<SeriesSample[]> {
  const members = await redis.zRangeByScore(dropKeys(dropId).opsSeries, now - windowMs, '+inf');
  return members.map((m) => JSON.parse(m) as SeriesSample);
}

/** The newest sample, if any (a restarted publisher resumes its rates from it). */
export async function lastSeriesSample(redis: Redis, dropId: number): Promise<SeriesSample | undefined> {
  const [last] = await redis.zRange(dropKeys(dropId).opsSeries, -1, -1);
  return last ? (JSON.parse(last) as SeriesSample) : undefined;
}
