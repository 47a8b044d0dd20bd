import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDateTime } from '../../lib/format';
import { AdmissionControls } from './AdmissionControls';
import { AuditLog } from './AuditLog';
import { boundByLabel } from './bound-by';
import { useDropSeries } from './ops-api';
import type { OpsDrop } from './ops-types';
import { OpsLinks } from './OpsLinks';
import { formatNumber, SeriesChart } from './SeriesChart';

/** One drop in depth: its numbers, 15 minutes of charts, the controls, the audit log and the links. */
export function DropPanel({ drop }: { drop: OpsDrop }) {
  const series = useDropSeries(drop.dropId);
  const samples = series.data?.samples ?? [];
  const bound = boundByLabel(drop.boundBy);
  const facts: [string, string][] = [
    ['Queue length', formatNumber(drop.queueLength)],
    ['Serving', formatNumber(drop.serving)],
    ['Rate set / effective', `${formatNumber(drop.rate)} / ${formatNumber(drop.effectiveRate)} per s`],
    ['Admissions/s', formatNumber(drop.admissionsPerS)],
    ['Admitted now', formatNumber(drop.admittedNow)],
    ['No-shows', formatNumber(drop.noShows)],
    ['Stock left', drop.stockLeft === null ? 'not loaded' : `${formatNumber(drop.stockLeft)} of ${formatNumber(drop.totalStock)}`],
    ['Confirmed orders/s', formatNumber(drop.confirmedPerS)],
    ['Orders in flight', formatNumber(drop.ordersInflight)],
    ['Orders confirmed', formatNumber(drop.ordersConfirmed)],
  ];
  return (
    <section className="panel drop-panel" aria-labelledby="drop-panel-h">
      <div className="row">
        <h2 id="drop-panel-h">#{drop.dropId} {drop.title}</h2>
        <span className={`badge badge-${drop.status}`}>{drop.status.replace('_', ' ')}</span>
      </div>
      <p className="muted small">
        {formatDateTime(drop.startsAt)} → {formatDateTime(drop.endsAt)}
        {drop.lastTickAt && <> · last tick {new Date(drop.lastTickAt).toLocaleTimeString()}</>}
      </p>
      <p className="bound">Bound by: <strong className={`tone tone-${bound.tone}`} data-testid="bound-by">{bound.text}</strong></p>
      <dl className="facts ops-facts">
        {facts.map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      <ErrorNotice error={series.error} />
      <div className="charts">
        <SeriesChart title="Queue length" field="queueLength" samples={samples} color="#2b6cb0" />
        <SeriesChart title="Admissions/s" field="admissionsPerS" samples={samples} color="#e0402b" unit="/s" />
        <SeriesChart title="Confirmed orders/s" field="confirmedPerS" samples={samples} color="#1f7a4d" unit="/s" />
      </div>
      <div className="ops-columns">
        <AdmissionControls drop={drop} />
        <OpsLinks dropId={drop.dropId} />
      </div>
      <AuditLog dropId={drop.dropId} />
    </section>
  );
}
