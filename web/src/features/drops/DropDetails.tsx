import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useWatchDrop } from '../../lib/services';
import { useDrop } from './drop-queries';
import { DropStatusBadge, DropTiming } from './DropStatus';

/** Product media, price, stock left (kept live by queue ticks), the per-user limit and the seed hash. */
export function DropDetails({ dropId, follow, children }: { dropId: number; follow?: ReactNode; children?: ReactNode }) {
  const drop = useDrop(dropId);
  useWatchDrop(dropId);
  if (drop.isPending) return <p role="status">Loading…</p>;
  if (drop.error) return <ErrorNotice error={drop.error} />;
  const d = drop.data;
  return (
    <article className="drop-page">
      <div className="media">
        {d.product.imageUrl ? <img src={d.product.imageUrl} alt={d.product.title} /> : <div className="media-empty" aria-hidden="true">◆</div>}
      </div>
      <div className="drop-info">
        <p className="row"><DropStatusBadge status={d.status} /> <DropTiming drop={d} /></p>
        <h1>{d.product.title}</h1>
        <p className="price big">{formatMoney(d.product.priceMinor, d.product.currency)}</p>
        <dl className="facts">
          <div><dt>Stock left</dt><dd data-testid="stock-left">{d.stockLeft} of {d.totalStock}</dd></div>
          <div><dt>Limit</dt><dd>{d.perUserLimit} per person</dd></div>
          <div><dt>Starts</dt><dd>{formatDateTime(d.startsAt)}</dd></div>
          <div><dt>Ends</dt><dd>{formatDateTime(d.endsAt)}</dd></div>
        </dl>
        {follow}
        {children}
        <details className="seed">
          <summary>Published seed hash</summary>
          <code className="hash">{d.seedHash}</code>
        </details>
      </div>
    </article>
  );
}
