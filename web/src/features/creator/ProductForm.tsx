import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useProduct, useSaveProduct, type Product } from './creator-api';

const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];

interface Draft { title: string; price: string; currency: string; description: string; media: string }

const toDraft = (p?: Product): Draft => ({
  title: p?.title ?? '', price: p ? (p.priceMinor / 100).toFixed(2) : '', currency: p?.currency ?? 'EUR',
  description: p?.description ?? '', media: p?.mediaUrls.join('\n') ?? '',
});

/** Field problems said in words, before the server is asked. */
function problems(d: Draft): Partial<Record<keyof Draft, string>> {
  const out: Partial<Record<keyof Draft, string>> = {};
  if (!d.title.trim()) out.title = 'Give the product a title.';
  const price = Number(d.price);
  if (!/^\d+([.,]\d{1,2})?$/.test(d.price.trim()) || !(price > 0)) out.price = 'Enter a price above 0, like 49.90.';
  if (!/^[A-Z]{3}$/.test(d.currency)) out.currency = 'Use a 3-letter currency code like EUR.';
  const urls = mediaUrls(d.media);
  if (urls.length > 10) out.media = 'At most 10 media URLs.';
  else if (urls.some((u) => !/^https:\/\/\S+$/.test(u))) out.media = 'Each line must be one https:// URL.';
  return out;
}

const mediaUrls = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** Create (`/creator/products/new`) or edit (`/creator/products/:productId`) a product. */
export function ProductForm() {
  const { productId: raw } = useParams();
  const productId = raw && raw !== 'new' ? Number(raw) : undefined;
  const product = useProduct(productId);
  const save = useSaveProduct(productId);
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(toDraft());
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => { if (product.data) setDraft(toDraft(product.data)); }, [product.data]);

  const errs = problems(draft);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => { setSaved(false); setDraft({ ...draft, [k]: e.target.value }); };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(errs).length > 0) return;
    save.mutate({
      title: draft.title.trim(), priceMinor: Math.round(Number(draft.price.replace(',', '.')) * 100), currency: draft.currency,
      description: draft.description, mediaUrls: mediaUrls(draft.media),
    }, {
      onSuccess: (p) => {
        setSaved(true);
        if (productId === undefined) void navigate(`/creator/products/${p.id}`, { replace: true, state: { created: true } });
      },
    });
  };
  const show = (k: keyof Draft) => touched && errs[k] ? <span className="field-error" id={`${k}-err`}>{errs[k]}</span> : null;
  const described = (k: keyof Draft) => (touched && errs[k] ? { 'aria-invalid': true, 'aria-describedby': `${k}-err` } : {});

  if (productId !== undefined && product.isPending) return <p role="status">Loading product…</p>;
  return (
    <section className="panel creator-form">
      <p><Link to="/creator">← Studio</Link></p>
      <h1>{productId === undefined ? 'New product' : `Edit “${product.data?.title ?? ''}”`}</h1>
      <ErrorNotice error={product.error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <label>Title<input value={draft.title} onChange={set('title')} maxLength={200} required {...described('title')} />{show('title')}</label>
        <div className="form-row">
          <label>Price<input value={draft.price} onChange={set('price')} inputMode="decimal" placeholder="49.90" {...described('price')} />{show('price')}</label>
          <label>Currency
            <select value={draft.currency} onChange={set('currency')} {...described('currency')}>
              {[...new Set([...CURRENCIES, draft.currency])].map((c) => <option key={c}>{c}</option>)}
            </select>{show('currency')}
          </label>
        </div>
        <label>Description<textarea value={draft.description} onChange={set('description')} rows={4} maxLength={5000} /></label>
        <label>Media URLs <span className="muted small">(one https:// URL per line, up to 10)</span>
          <textarea value={draft.media} onChange={set('media')} rows={3} placeholder="https://cdn.example.com/sneaker.jpg" {...described('media')} />{show('media')}
        </label>
        <ErrorNotice error={save.error} />
        <div className="row">
          <button type="submit" className="button" disabled={save.isPending}>{productId === undefined ? 'Create product' : 'Save changes'}</button>
          {productId !== undefined && <Link className="button secondary" to={`/creator/drops/new?productId=${productId}`}>Schedule a drop</Link>}
        </div>
        <p role="status" className="notice-slot">{saved && <span className="notice ok">Saved.</span>}</p>
      </form>
    </section>
  );
}
