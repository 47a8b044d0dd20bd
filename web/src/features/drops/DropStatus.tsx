import { Countdown } from '../../components/Countdown';
import type { DropSummary } from './drop-queries';

const LABELS: Record<DropSummary['status'], string> = {
  scheduled: 'Upcoming', live: 'Live', sold_out: 'Sold out', ended: 'Ended', cancelled: 'Cancelled',
};

export function DropStatusBadge({ status }: { status: DropSummary['status'] }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>;
}

/** "Starts in 4 min 09 s" / "Ends in 1 h 20 min" / nothing once over. */
export function DropTiming({ drop }: { drop: Pick<DropSummary, 'status' | 'startsAt' | 'endsAt'> }) {
  if (drop.status === 'scheduled') return <span>Starts in <Countdown at={drop.startsAt} done="a moment" /></span>;
  if (drop.status === 'live' || drop.status === 'sold_out') return <span>Ends in <Countdown at={drop.endsAt} done="a moment" /></span>;
  return null;
}
