import type { BoundBy } from './ops-types';

/** What holds admission back, said for a person (the server decides which). */
const BOUND_BY_LABEL: Record<BoundBy, { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }> = {
  rate: { text: 'Configured rate', tone: 'ok' },
  queue: { text: 'Nobody waiting', tone: 'idle' },
  pipeline: { text: 'Order pipeline (its sustained rate)', tone: 'warn' },
  stock: { text: 'Stock: enough shoppers admitted for the units left', tone: 'warn' },
  no_inventory: { text: 'Inventory not loaded yet', tone: 'idle' },
  sold_out: { text: 'Sold out', tone: 'bad' },
  paused: { text: 'Paused by ops', tone: 'bad' },
  draining: { text: 'Draining', tone: 'bad' },
  not_started: { text: 'Not started', tone: 'idle' },
};

/** For the all-drops table, where the column is narrow. */
const SHORT: Record<string, string> = {
  rate: 'Rate', queue: 'Nobody waiting', pipeline: 'Pipeline', stock: 'Stock', no_inventory: 'No inventory',
  sold_out: 'Sold out', paused: 'Paused', draining: 'Draining', not_started: 'Not started',
};

/**
 * The label for a reason; a reason this build does not know yet (a newer controller) is shown as sent
 * rather than breaking the console.
 */
export function boundByLabel(reason: string): { text: string; short: string; tone: 'ok' | 'warn' | 'bad' | 'idle' } {
  const known = (BOUND_BY_LABEL as Record<string, { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }>)[reason];
  const short = SHORT[reason] ?? reason.replace(/_/g, ' ');
  return known ? { ...known, short } : { text: short, short, tone: 'idle' };
}
