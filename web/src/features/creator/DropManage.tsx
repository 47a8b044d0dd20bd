import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../lib/format';
import { useCancelDrop, useDrop, useEditDrop, useMyProducts } from './creator-api';
import { DropForm } from './DropForm';
import { draftFrom, type DropValues } from './drop-draft';
import { DropLive } from './DropLive';

const PREQUEUE_LEAD_MS = 15 * 60_000;

/** One of the creator's drops: reschedule or cancel it before the start, and watch it live. */
export function DropManage() {
  const dropId = Number(useParams().dropId);
  const drop = useDrop(dropId);
  const products = useMyProducts();
  const edit = useEditDrop(dropId);
  const cancel = useCancelDrop(dropId);
  const [confirm, setConfirm] = useState(false);
  const [saved, setSaved] = useState(false);
  const d = drop.data;
  // Re-seed the form only when the saved drop changes (its version), not on every background refetch.
  const initial = useMemo(() => (d ? draftFrom(d) : undefined), [d?.id, d?.version]);

  if (!Number.isSafeInteger(dropId) || dropId <= 0) return <p className="notice error">That is not a drop id.</p>;
  if (drop.isPending) return <p role="status">Loading drop…</p>;
  if (!d) return <ErrorNotice error={drop.error} />;
  const product = products.data?.items.find((p) => p.id === d.productId);
  const editable = d.status === 'scheduled' && Date.parse(d.prequeueOpensAt) > Date.now();

  const onSave = (v: DropValues) => {
    setSaved(false);
    edit.mutate({
      version: d.version, startsAt: v.startsAt, endsAt: v.endsAt,
      prequeueOpensAt: new Date(Date.parse(v.startsAt) - PREQUEUE_LEAD_MS).toISOString(),
      totalStock: v.totalStock, perUserLimit: v.perUserLimit, admissionRatePerS: v.admissionRatePerS, checkoutWindowS: v.checkoutWindowS,
    }, { onSuccess: () => setSaved(true) });
  };

  return (
    <div className="stack">
      <section className="panel">
        <p><Link to="/creator">← Studio</Link></p>
        <div className="row">
          <h1>Drop #{d.id}{product ? ` · ${product.title}` : ''}</h1>
          <span className={`badge badge-${d.status}`}>{d.status.replace('_', ' ')}</span>
        </div>
        <p className="muted">{formatDateTime(d.startsAt)} → {formatDateTime(d.endsAt)} · {d.totalStock} units · limit {d.perUserLimit} per person</p>
        <p className="small">Shoppers see it at <Link to={`/drops/${d.id}`}>/drops/{d.id}</Link>.</p>
        <DropLive dropId={d.id} />
      </section>
      {editable ? (
        <section className="panel" aria-labelledby="resched-h">
          <h2 id="resched-h">Reschedule</h2>
          {initial && (
            <DropForm initial={initial} products={products.data?.items ?? []} productLocked submitLabel="Save schedule"
              pending={edit.isPending} error={edit.error} onSubmit={onSave} />
          )}
          <p role="status">{saved && <span className="notice ok">Schedule saved.</span>}</p>
          <h2>Cancel this drop</h2>
          <p className="muted">Followers who were told about it are not charged; nobody can join it any more.</p>
          <button type="button" className="button danger" onClick={() => setConfirm(true)} disabled={cancel.isPending}>Cancel drop</button>
          <ErrorNotice error={cancel.error} />
          {cancel.isSuccess && <p className="notice ok" role="status">Cancellation requested; the status changes within moments.</p>}
          <ConfirmDialog open={confirm} title="Cancel this drop?" confirmLabel="Cancel the drop"
            onCancel={() => setConfirm(false)} onConfirm={() => { setConfirm(false); cancel.mutate(''); }}>
            <p>Drop #{d.id} will not start. This cannot be undone.</p>
          </ConfirmDialog>
        </section>
      ) : (
        d.status === 'scheduled' && <p className="panel notice info">The pre-queue is open: the schedule can no longer change.</p>
      )}
    </div>
  );
}
