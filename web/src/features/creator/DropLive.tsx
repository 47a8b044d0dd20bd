import { useNow } from '../../lib/use-now';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useDropLive } from './creator-api';

/** The creator's live view of their own drop: queue length, sold, stock left (refreshed every second). */
export function DropLive({ dropId }: { dropId: number }) {
  const live = useDropLive(dropId);
  const now = useNow(1000);
  const d = live.data;
  const age = d ? Math.max(0, Math.round((now - d.ts) / 1000)) : null;
  return (
    <section aria-labelledby="live-h" className="creator-live">
      <h2 id="live-h">Live</h2>
      <ErrorNotice error={live.error} />
      {d && (
        <>
          <dl className="facts" aria-live="polite">
            <div><dt>In the queue</dt><dd data-testid="live-queue">{d.queueLength.toLocaleString()}</dd></div>
            <div><dt>Sold</dt><dd data-testid="live-sold">{d.sold.toLocaleString()}</dd></div>
            <div><dt>Stock left</dt><dd data-testid="live-stock">{d.stockLeft === null ? 'not on sale yet' : `${d.stockLeft.toLocaleString()} of ${d.totalStock.toLocaleString()}`}</dd></div>
          </dl>
          <div className="sold-bar" role="progressbar" aria-label="Sold" aria-valuemin={0} aria-valuemax={d.totalStock} aria-valuenow={d.sold}>
            <span style={{ width: `${Math.min(100, (100 * d.sold) / Math.max(1, d.totalStock))}%` }} />
          </div>
          <p className="muted small">{d.status === 'scheduled' ? 'Before the start the queue counts the pre-queue. ' : ''}Updated {age === 0 ? 'just now' : `${age} s ago`}.</p>
        </>
      )}
    </section>
  );
}
