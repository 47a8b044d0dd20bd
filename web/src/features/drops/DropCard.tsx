import { Link } from 'react-router';
import { ProductImage } from '../../components/ProductImage';
import { formatMoney } from '../../lib/format';
import type { DropSummary } from './drop-queries';
import { DropStatusBadge, DropTiming } from './DropStatus';

export function DropCard({ drop }: { drop: DropSummary }) {
  return (
    <li className="card drop-card">
      <Link to={`/drops/${drop.id}`} className="card-link" aria-label={`${drop.product.title}, ${drop.status.replace('_', ' ')}`}>
        <div className="thumb">
          <ProductImage src={drop.product.imageUrl} alt="" title={drop.product.title} />
        </div>
        <div className="card-body">
          <div className="row">
            <DropStatusBadge status={drop.status} />
            <span className="price">{formatMoney(drop.product.priceMinor, drop.product.currency)}</span>
          </div>
          <h3>{drop.product.title}</h3>
          <p className="muted"><DropTiming drop={drop} /></p>
          <p className="muted small">{drop.totalStock} {drop.totalStock === 1 ? "unit" : "units"} · max {drop.perUserLimit} per person</p>
        </div>
      </Link>
    </li>
  );
}
