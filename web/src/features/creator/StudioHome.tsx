import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useMyDrops, useMyProducts } from './creator-api';

/** The creator's start page: their products and their drops, with the next step for each. */
export function StudioHome() {
  const products = useMyProducts();
  const drops = useMyDrops();
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="drops-h">
        <div className="row">
          <h1 id="drops-h">Your drops</h1>
          <Link className="button small" to="/creator/drops/new">Schedule a drop</Link>
        </div>
        <ErrorNotice error={drops.error} />
        {drops.data && drops.data.drops.length === 0 && <p className="muted">No drops yet. Create a product, then schedule its drop.</p>}
        {drops.data && drops.data.drops.length > 0 && (
          <ul className="studio-list">
            {drops.data.drops.map((d) => (
              <li key={d.id}>
                <Link to={`/creator/drops/${d.id}`} className="studio-item">
                  <span className="studio-title">{d.productTitle}</span>
                  <span className={`badge badge-${d.status}`}>{d.status.replace('_', ' ')}</span>
                  <span className="muted small">{formatDateTime(d.startsAt)} · {d.totalStock} units · {d.admissionRatePerS}/s</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="products-h">
        <div className="row">
          <h2 id="products-h">Your products</h2>
          <Link className="button small secondary" to="/creator/products/new">New product</Link>
        </div>
        <ErrorNotice error={products.error} />
        {products.data && products.data.items.length === 0 && <p className="muted">No products yet.</p>}
        {products.data && products.data.items.length > 0 && (
          <ul className="studio-list">
            {products.data.items.map((p) => (
              <li key={p.id}>
                <Link to={`/creator/products/${p.id}`} className="studio-item">
                  <span className="studio-title">{p.title}</span>
                  <span className="price">{formatMoney(p.priceMinor, p.currency)}</span>
                  <span className="muted small">{p.mediaUrls.length} media</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
