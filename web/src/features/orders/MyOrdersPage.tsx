import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { orderFailureAdvice, orderStatusLabel } from '../../components/OrderSteps';
import { unwrap } from '../../lib/api/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useApi, useLiveMessages } from '../../lib/services';
import { useQueryClient } from '@tanstack/react-query';

/** The product's title for an order row (the catalog read is cached, shared with the drop page). */
function DropName({ dropId }: { dropId: number }) {
  const api = useApi();
  const drop = useQuery({
    queryKey: ['drop', dropId],
    queryFn: async () => unwrap(await api.GET('/v1/catalog/drops/{dropId}', { params: { path: { dropId: String(dropId) } } })).drop,
    staleTime: 60_000,
  });
  return <>{drop.data ? `${drop.data.product.title} · ` : ''}Drop #{dropId}</>;
}

export function MyOrdersPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const orders = useInfiniteQuery({
    queryKey: ['me', 'orders'],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => unwrap(await api.GET('/v1/me/orders', { params: { query: { limit: 20, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  useLiveMessages((msg) => {
    if (msg.type === 'order_status') void queryClient.invalidateQueries({ queryKey: ['me', 'orders'] });
  });
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="stack">
      <h1>My orders</h1>
      {orders.isPending && <p role="status">Loading…</p>}
      <ErrorNotice error={orders.error} />
      {!orders.isPending && items.length === 0 && <p className="muted">No orders yet. <Link to="/">See the drops</Link></p>}
      {items.length > 0 && (
        <ul className="orders">
          {items.map((o) => (
            <li key={o.orderId} className="card card-body order-row">
              <div className="row">
                <strong><Link to={`/drops/${o.dropId}`}><DropName dropId={o.dropId} /></Link></strong>
                <span className={`badge status-${o.status}`}>{orderStatusLabel(o.status)}</span>
              </div>
              <p className="muted small">{o.quantity} × · {formatMoney(o.amountMinor, o.currency)} · {formatDateTime(o.createdAt)} · <code>{o.orderId.slice(0, 8)}</code></p>
              {o.failureReason && <p className="small">{orderFailureAdvice(o.status, o.failureReason)}</p>}
            </li>
          ))}
        </ul>
      )}
      {orders.hasNextPage && (
        <button type="button" className="button secondary" onClick={() => void orders.fetchNextPage()} disabled={orders.isFetchingNextPage}>
          {orders.isFetchingNextPage ? 'Loading…' : 'Show older orders'}
        </button>
      )}
    </div>
  );
}
