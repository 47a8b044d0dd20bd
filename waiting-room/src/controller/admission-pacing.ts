/** About how often a paced tick sends the next slice of its admissions. */
export const ADMISSION_SLICE_MS = 50;

export interface AdmissionPacing {
  /** How many admitted shoppers each slice tells, in order (sums to the tick's admissions). */
  sizes: number[];
  /** Wait between two slices. */
  gapMs: number;
}

/**
 * Splits one tick's admissions into even slices over `spreadMs`. A tick admits its shoppers in one Lua call, but
 * telling them all at the same instant makes their orders arrive as one burst (at 1,000/s set by ops, a whole
 * second of orders in one millisecond), so the accept path queues behind itself. Slices ~50 ms apart turn the
 * burst into a stream at the admitted rate — what a shopper sees is a push up to `spreadMs` later, inside a
 * checkout window of a minute. Pure, so it is unit-tested.
 */
export function planAdmissionPacing(count: number, spreadMs: number): AdmissionPacing {
  if (count <= 0) return { sizes: [], gapMs: 0 };
  const slices = Math.max(1, Math.min(count, Math.floor(spreadMs / ADMISSION_SLICE_MS)));
  const base = Math.floor(count / slices);
  const extra = count % slices;
  const sizes = Array.from({ length: slices }, (_, i) => base + (i < extra ? 1 : 0));
  return { sizes, gapMs: slices > 1 ? spreadMs / slices : 0 };
}
