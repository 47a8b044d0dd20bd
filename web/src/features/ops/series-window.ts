import type { SeriesSample } from './ops-types';

export interface Series { dropId: number; windowMs: number; samples: SeriesSample[] }

/**
 * Appends one pushed tick to a drop's series, trimmed to its window (15 minutes). A sample not newer than
 * the last one (a push overtaken by the HTTP history, or a repeat) leaves the series as it is.
 */
export function appendSample(series: Series, sample: SeriesSample): Series {
  const last = series.samples.at(-1);
  if (last && last.t >= sample.t) return series;
  const from = sample.t - series.windowMs;
  return { ...series, samples: [...series.samples.filter((s) => s.t > from), sample] };
}
