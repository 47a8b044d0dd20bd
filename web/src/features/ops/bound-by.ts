import type { BoundBy } from './ops-types';

/** What holds admission back, said for a person (the server decides which). */
export const BOUND_BY_LABEL: Record<BoundBy, { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }> = {
  rate: { text: 'Configured rate', tone: 'ok' },
  queue_empty: { text: 'Nobody waiting', tone: 'idle' },
  pipeline: { text: 'Order pipeline (rate halved)', tone: 'warn' },
  stock: { text: 'Stock: every unit claimed', tone: 'warn' },
  sold_out: { text: 'Sold out', tone: 'bad' },
  paused: { text: 'Paused by ops', tone: 'bad' },
  draining: { text: 'Draining', tone: 'bad' },
  not_started: { text: 'Not started', tone: 'idle' },
};
