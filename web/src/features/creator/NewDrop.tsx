import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useMyProducts, useScheduleDrop } from './creator-api';
import { DropForm } from './DropForm';
import { draftFrom } from './drop-draft';

/** Schedule a drop of one of the creator's products (`/creator/drops/new?productId=…`). */
export function NewDrop() {
  const [params] = useSearchParams();
  const products = useMyProducts();
  const schedule = useScheduleDrop();
  const navigate = useNavigate();
  const productId = Number(params.get('productId')) || undefined;
  const initial = useMemo(() => draftFrom(undefined, productId), [productId]);
  return (
    <section className="panel creator-form">
      <p><Link to="/creator">← Studio</Link></p>
      <h1>Schedule a drop</h1>
      <ErrorNotice error={products.error} />
      {products.data && products.data.items.length === 0 && (
        <p className="notice info">Create a product first: <Link to="/creator/products/new">new product</Link>.</p>
      )}
      <DropForm initial={initial} products={products.data?.items ?? []} submitLabel="Schedule drop" pending={schedule.isPending}
        error={schedule.error}
        onSubmit={(v) => schedule.mutate(v, { onSuccess: (drop) => void navigate(`/creator/drops/${drop.id}`) })} />
    </section>
  );
}
