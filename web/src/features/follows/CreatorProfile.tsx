import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../lib/format';
import { FollowButton } from './FollowButton';
import { useCreator } from './follow-queries';

export function CreatorProfile({ creatorId }: { creatorId: number }) {
  const creator = useCreator(creatorId);
  if (creator.isPending) return <p role="status">Loading…</p>;
  if (creator.error) return <ErrorNotice error={creator.error} />;
  const c = creator.data;
  return (
    <div className="stack">
      <section className="panel">
        <h1>{c.displayName}</h1>
        <FollowButton creatorId={creatorId} />
      </section>
      <section aria-labelledby="c-drops">
        <h2 id="c-drops">Drops</h2>
        {c.drops.length === 0 ? <p className="muted">No current drops.</p> : (
          <ul className="list">
            {c.drops.map((d) => (
              <li key={d.id}><Link to={`/drops/${d.id}`}>{d.product.title}</Link> · {d.status.replace('_', ' ')} · starts {formatDateTime(d.startsAt)}</li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="c-products">
        <h2 id="c-products">Products</h2>
        {c.products.length === 0 ? <p className="muted">No products yet.</p> : (
          <ul className="list">{c.products.map((p) => <li key={p.id}>{p.title}</li>)}</ul>
        )}
      </section>
    </div>
  );
}
