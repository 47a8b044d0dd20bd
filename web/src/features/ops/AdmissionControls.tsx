import { useEffect, useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAdmissionChange, type AdmissionAction } from './ops-api';
import type { OpsDrop } from './ops-types';


const CONFIRM: Record<'pause' | 'drain' | 'zero', { title: string; text: string; label: string }> = {
  pause: {
    title: 'Pause admission?',
    text: 'Nobody more is let in until you resume. Shoppers keep their places; admitted shoppers keep their checkout window.',
    label: 'Pause admission',
  },
  drain: {
    title: 'Drain the queue?',
    text: 'Nobody more is let in and new joins are refused. Admitted shoppers finish their checkout. Resume undoes it.',
    label: 'Drain the queue',
  },
  zero: {
    title: 'Set the rate to 0?',
    text: 'A rate of 0 admits nobody until you raise it again.',
    label: 'Set rate to 0',
  },
};

/** Rate (slider and number, applied together), pause, resume and drain for one drop; effective at the next tick. */
export function AdmissionControls({ drop }: { drop: OpsDrop }) {
  const change = useAdmissionChange(drop.dropId);
  const [rate, setRate] = useState(String(drop.rate));
  const [dirty, setDirty] = useState(false);
  const [confirm, setConfirm] = useState<keyof typeof CONFIRM | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();

  // Follow the live value until the operator starts editing (another operator may change it).
  useEffect(() => { if (!dirty) setRate(String(drop.rate)); }, [drop.rate, dirty]);

  const closed = drop.status === 'ended' || drop.status === 'cancelled';
  // The slider spans a few times the configured rate (fine steps where ops work); the number field takes any rate.
  const sliderMax = Math.max(20, Math.ceil((drop.rate * 4) / 10) * 10);
  const value = Number(rate);
  const valid = rate.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 100_000;

  const run = (c: { action: 'set_rate'; rate: number } | { action: AdmissionAction }, message: string) => {
    setDone(null);
    change.mutate(c, {
      onSuccess: () => {
        setDone(message);
        if (c.action === 'set_rate') setDirty(false);
      },
    });
  };
  const applyRate = () => run({ action: 'set_rate', rate: value }, `Rate set to ${value}/s — effective at the next tick.`);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    if (value === 0) setConfirm('zero');
    else applyRate();
  };
  const onConfirm = () => {
    const what = confirm;
    setConfirm(null);
    if (what === 'zero') applyRate();
    if (what === 'pause') run({ action: 'pause' }, 'Paused — nobody more is admitted.');
    if (what === 'drain') run({ action: 'drain' }, 'Draining — no new admissions or joins.');
  };

  return (
    <section className="controls" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Admission controls</h3>
      <form className="rate-form" onSubmit={onSubmit}>
        <label htmlFor={`${id}-slider`}>Rate (shoppers per second)</label>
        <div className="rate-inputs">
          <input id={`${id}-slider`} type="range" min={0} max={sliderMax} step={sliderMax <= 20 ? 0.5 : 1}
            value={valid ? Math.min(value, sliderMax) : 0} aria-label="Rate slider" disabled={closed}
            onChange={(e) => { setRate(e.target.value); setDirty(true); }} />
          <input type="number" min={0} max={100000} step="any" inputMode="decimal" value={rate} aria-label="Rate per second"
            disabled={closed} onChange={(e) => { setRate(e.target.value); setDirty(true); }} />
          <button type="submit" className="button small" disabled={closed || !valid || change.isPending}>Set rate</button>
        </div>
        {!valid && <p className="field-error" role="alert">Enter a rate between 0 and 100,000.</p>}
        <p className="muted small">Configured {drop.rate}/s · effective {drop.effectiveRate}/s</p>
      </form>
      <div className="row toggles">
        <button type="button" className="button small secondary" disabled={closed || drop.paused || change.isPending}
          onClick={() => setConfirm('pause')}>Pause</button>
        <button type="button" className="button small secondary" disabled={closed || (!drop.paused && !drop.draining) || change.isPending}
          onClick={() => run({ action: 'resume' }, 'Resumed — admitting at the set rate.')}>Resume</button>
        <button type="button" className="button small danger" disabled={closed || drop.draining || change.isPending}
          onClick={() => setConfirm('drain')}>Drain</button>
      </div>
      <p role="status" className="muted small">{change.isPending ? 'Saving…' : done}</p>
      <ErrorNotice error={change.error} />
      <ConfirmDialog open={confirm !== null} title={confirm ? CONFIRM[confirm].title : ''}
        confirmLabel={confirm ? CONFIRM[confirm].label : ''} onConfirm={onConfirm} onCancel={() => setConfirm(null)}>
        <p>{confirm ? CONFIRM[confirm].text : ''}</p>
        <p className="muted small">Drop #{drop.dropId} · {drop.title}. The change is recorded in the audit log.</p>
      </ConfirmDialog>
    </section>
  );
}
