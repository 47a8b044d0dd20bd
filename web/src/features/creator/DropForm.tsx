import { useEffect, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { validate, type DropDraft, type DropValues } from './drop-draft';

interface Props {
  initial: DropDraft;
  products: { id: number; title: string }[];
  /** Editing: the product is fixed. */
  productLocked?: boolean;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: DropValues) => void;
}

/** The schedule of a drop: used to schedule a new one and to reschedule one that has not started. */
export function DropForm({ initial, products, productLocked, submitLabel, pending, error, onSubmit }: Props) {
  const [draft, setDraft] = useState(initial);
  const [touched, setTouched] = useState(false);
  useEffect(() => setDraft(initial), [initial]);
  const { values, errors } = validate(draft);
  const set = (k: keyof DropDraft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const err = (k: keyof DropDraft) => (touched && errors[k] ? <span className="field-error" id={`drop-${k}-err`}>{errors[k]}</span> : null);
  const aria = (k: keyof DropDraft) => (touched && errors[k] ? { 'aria-invalid': true, 'aria-describedby': `drop-${k}-err` } : {});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (values) onSubmit(values);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <label>Product
        <select value={draft.productId} onChange={set('productId')} disabled={productLocked} {...aria('productId')}>
          <option value="">Choose a product…</option>
          {products.map((p) => <option key={p.id} value={p.id}>{p.title}</option>)}
        </select>{err('productId')}
      </label>
      <div className="form-row">
        <label>Starts<input type="datetime-local" value={draft.startsAt} onChange={set('startsAt')} {...aria('startsAt')} />{err('startsAt')}</label>
        <label>Ends<input type="datetime-local" value={draft.endsAt} onChange={set('endsAt')} {...aria('endsAt')} />{err('endsAt')}</label>
      </div>
      <div className="form-row">
        <label>Stock (units)<input type="number" min={1} value={draft.totalStock} onChange={set('totalStock')} {...aria('totalStock')} />{err('totalStock')}</label>
        <label>Per-person limit<input type="number" min={1} value={draft.perUserLimit} onChange={set('perUserLimit')} {...aria('perUserLimit')} />{err('perUserLimit')}</label>
      </div>
      <div className="form-row">
        <label>Starting admission rate (shoppers/s)<input type="number" min={1} value={draft.admissionRatePerS} onChange={set('admissionRatePerS')} {...aria('admissionRatePerS')} />{err('admissionRatePerS')}</label>
        <label>Checkout window (s)<input type="number" min={30} max={900} value={draft.checkoutWindowS} onChange={set('checkoutWindowS')} {...aria('checkoutWindowS')} />{err('checkoutWindowS')}</label>
      </div>
      <p className="muted small">Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}). The waiting room's pre-queue opens 15 minutes before the start.</p>
      <ErrorNotice error={error} />
      <div><button type="submit" className="button" disabled={pending}>{pending ? 'Saving…' : submitLabel}</button></div>
    </form>
  );
}
