import { ErrorNotice } from '../../components/ErrorNotice';
import { DropCard } from './DropCard';
import { useDropList, type DropListStatus } from './drop-queries';

function DropSection({ title, status, empty, limit }: { title: string; status: DropListStatus; empty: string; limit?: number }) {
  const drops = useDropList(status, limit);
  return (
    <section aria-labelledby={`h-${status}`}>
      <h2 id={`h-${status}`}>{title}</h2>
      {drops.isPending && <p role="status">Loading…</p>}
      <ErrorNotice error={drops.error} />
      {drops.data && drops.data.length === 0 && <p className="muted">{empty}</p>}
      {drops.data && drops.data.length > 0 && (
        <ul className="grid">{drops.data.map((d) => <DropCard key={d.id} drop={d} />)}</ul>
      )}
    </section>
  );
}

/** Home: what is on sale now (including sold out while it runs), what is coming, and what just ended. */
export function DropsPage() {
  return (
    <div className="stack">
      <h1 className="visually-hidden">Drops</h1>
      <DropSection title="Live now" status="live" empty="Nothing is live right now." />
      <DropSection title="Coming up" status="upcoming" empty="No drops are scheduled yet." />
      <DropSection title="Recently ended" status="ended" empty="No drop has ended yet." limit={8} />
    </div>
  );
}
