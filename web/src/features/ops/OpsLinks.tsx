import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';
import { useBoardSession, useDropLinks } from './ops-api';

/** Where to look deeper: the drop's and its orders' workflows in the Temporal UI, and the BullMQ queues. */
export function OpsLinks({ dropId }: { dropId: number }) {
  const links = useDropLinks(dropId);
  const board = useBoardSession();
  return (
    <section aria-labelledby="links-h" className="links">
      <h3 id="links-h">Workflows and queues</h3>
      <ErrorNotice error={links.error ?? board.error} />
      <ul className="link-list">
        {links.data && (
          <li>
            <a href={links.data.workflowUrl} target="_blank" rel="noreferrer">Drop workflow in Temporal UI</a>
            <span className="muted small"> {links.data.workflowId}</span>
          </li>
        )}
        <li>
          {board.data
            ? <a href={board.data.url} target="_blank" rel="noreferrer">BullMQ queues in Bull Board</a>
            : <span className="muted">Bull Board: {board.isPending ? 'signing in…' : 'unavailable'}</span>}
        </li>
      </ul>
      {links.data && links.data.recentOrders.length > 0 && (
        <>
          <h4>Newest orders</h4>
          <ul className="link-list small">
            {links.data.recentOrders.slice(0, 5).map((o) => (
              <li key={o.orderId}>
                <a href={o.workflowUrl} target="_blank" rel="noreferrer">Order {o.orderId.slice(0, 8)}…</a>
                <span className={`pill pill-${o.status}`}>{o.status}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <OrderLookup />
    </section>
  );
}

function OrderLookup() {
  const api = useApi();
  const [orderId, setOrderId] = useState('');
  const [result, setResult] = useState<{ url: string; status: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setResult(null);
    try {
      const link = unwrap(await api.GET('/v1/ops/orders/{orderId}/links', { params: { path: { orderId: orderId.trim() } } }));
      setResult({ url: link.workflowUrl, status: link.status });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="order-lookup" onSubmit={(e) => void onSubmit(e)}>
      <label htmlFor="order-lookup">Find an order's workflow</label>
      <div className="rate-inputs">
        <input id="order-lookup" value={orderId} onChange={(e) => setOrderId(e.target.value)} placeholder="order id (UUID)" />
        <button type="submit" className="button small secondary" disabled={!orderId.trim()}>Find</button>
      </div>
      {result && <p><a href={result.url} target="_blank" rel="noreferrer">Order workflow in Temporal UI</a> ({result.status})</p>}
      <ErrorNotice error={error} />
    </form>
  );
}
