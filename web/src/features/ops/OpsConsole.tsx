import { useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useNow } from '../../lib/use-now';
import { DropPanel } from './DropPanel';
import { DropsTable } from './DropsTable';
import { useOpsSnapshot } from './ops-api';
import { useOpsPushes } from './use-ops-pushes';
import './ops.css';

/** The ops console: every scheduled and live drop, live by push; one selected drop in depth (?drop=<id>). */
export function OpsConsole() {
  useOpsPushes();
  const snapshot = useOpsSnapshot();
  const [params, setParams] = useSearchParams();
  const drops = snapshot.data?.drops ?? [];
  const wanted = Number(params.get('drop'));
  const selected = drops.find((d) => d.dropId === wanted) ?? drops.find((d) => d.status !== 'scheduled') ?? drops[0];
  return (
    <div className="ops stack">
      <section className="panel">
        <div className="row">
          <h1>Ops console</h1>
          <Freshness ts={snapshot.data?.ts ?? null} />
        </div>
        <ErrorNotice error={snapshot.error} />
        {snapshot.isPending ? <p role="status">Loading drops…</p> : (
          <DropsTable drops={drops} selected={selected?.dropId}
            onSelect={(dropId) => setParams({ drop: String(dropId) }, { replace: true })} />
        )}
      </section>
      {selected && <DropPanel key={selected.dropId} drop={selected} />}
    </div>
  );
}

function Freshness({ ts }: { ts: number | null }) {
  const now = useNow(1000);
  if (ts === null) return <p className="muted small" role="status">Waiting for the admission controller…</p>;
  const age = Math.max(0, (now - ts) / 1000);
  return (
    <p className={`muted small freshness${age > 5 ? ' stale' : ''}`}>
      Updated <time dateTime={new Date(ts).toISOString()}>{new Date(ts).toLocaleTimeString()}</time>
      {age > 5 && ` — ${Math.round(age)} s ago; is the admission controller running?`}
    </p>
  );
}
