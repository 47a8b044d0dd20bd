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

/**
 * The label for a reason; a reason this build does not know yet (a newer controller) is shown as sent
 * rather than breaking the console.
 */
export function boundByLabel(reason: string): { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' } {
  return (BOUND_BY_LABEL as Record<string, { text: string; tone: 'ok' | 'warn' | 'bad' | 'idle' }>)[reason]
    ?? { text: reason.replace(/_/g, ' '), tone: 'idle' };
}
