import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProductImage } from '../../components/ProductImage';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useLiveMessages, useWatchDrop } from '../../lib/services';
import { useQueryClient } from '@tanstack/react-query';
import { dropKey, useDrop, useProduct, type DropDetail } from './drop-queries';
import { ProductMedia } from './ProductMedia';
import { DropStatusBadge, DropTiming } from './DropStatus';

/** Product media, price, stock left (kept live by queue ticks), the per-user limit and the seed hash. */
interface Props {
  dropId: number;
  follow?: (drop: DropDetail) => ReactNode;
  room?: (drop: DropDetail) => ReactNode;
}

export function DropDetails({ dropId, follow, room }: Props) {
  const drop = useDrop(dropId);
  const product = useProduct(drop.data?.product.id);
  useWatchDrop(dropId);
  const queryClient = useQueryClient();
  // Stock left moves with every admission tick; a sell-out or the start flips the status without a reload.
  useLiveMessages((msg) => {
    if (!('dropId' in msg) || msg.dropId !== dropId) return;
    const patch = (p: Partial<DropDetail>) => queryClient.setQueryData<DropDetail>(dropKey(dropId), (d) => (d ? { ...d, ...p } : d));
    if (msg.type === 'queue_tick' && typeof msg.stockLeft === 'number') {
      const d = queryClient.getQueryData<DropDetail>(dropKey(dropId));
      patch({ stockLeft: msg.stockLeft, ...(d?.status === 'scheduled' ? {} : { status: msg.soldOut ? 'sold_out' : 'live' }) });
      if (d?.status === 'scheduled') void queryClient.invalidateQueries({ queryKey: dropKey(dropId) });
    }
    if (msg.type === 'sold_out') patch({ stockLeft: 0, status: 'sold_out' });
    if (msg.type === 'drop_started') void queryClient.invalidateQueries({ queryKey: dropKey(dropId) });
  });
  if (drop.isPending) return <p role="status">Loading…</p>;
  if (drop.error) return <ErrorNotice error={drop.error} />;
  const d = drop.data;
  return (
    <article className="drop-page">
      <div className="media">
        <ProductImage src={d.product.imageUrl} alt={d.product.title} title={d.product.title} className="media-img" />
        {product.data && <ProductMedia urls={product.data.mediaUrls.slice(1)} title={d.product.title} />}
        {product.data?.description && <p className="description">{product.data.description}</p>}
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
        {follow?.(d)}
        <div className="room">{room?.(d)}</div>
        <details className="seed">
          <summary>{d.seed ? 'Fair-draw seed (revealed)' : 'Published seed hash'}</summary>
          <p className="small muted">SHA-256 of the seed, published when the drop was scheduled:</p>
          <code className="hash">{d.seedHash}</code>
          {d.seed && <><p className="small muted">The seed, revealed at the start:</p><code className="hash">{d.seed}</code></>}
        </details>
      </div>
    </article>
  );
}
