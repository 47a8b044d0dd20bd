import { boundByLabel } from './bound-by';
import type { OpsDrop } from './ops-types';
import { formatNumber } from './SeriesChart';

interface Props {
  drops: OpsDrop[];
  selected: number | undefined;
  onSelect: (dropId: number) => void;
}

/** Every scheduled and live drop in one table, refreshed by each push. */
export function DropsTable({ drops, selected, onSelect }: Props) {
  if (drops.length === 0) return <p className="muted">No scheduled or live drops right now.</p>;
  return (
    <div className="table-scroll">
      <table className="data ops-table">
        <caption className="visually-hidden">Scheduled and live drops</caption>
        <thead>
          <tr>
            <th scope="col">Drop</th><th scope="col">Status</th><th scope="col">Queue</th><th scope="col">Serving</th>
            <th scope="col">Rate (set / eff.)</th><th scope="col">Bound by</th><th scope="col">Admitted now</th>
            <th scope="col">No-shows</th><th scope="col">Stock left</th><th scope="col">Confirmed/s</th><th scope="col">Backlog</th>
          </tr>
        </thead>
        <tbody>
          {drops.map((d) => {
            const bound = boundByLabel(d.boundBy);
            return (
              <tr key={d.dropId} className={d.dropId === selected ? 'selected' : undefined} aria-selected={d.dropId === selected}>
                <th scope="row">
                  <button type="button" className="link-button drop-pick" onClick={() => onSelect(d.dropId)}
                    aria-current={d.dropId === selected ? 'true' : undefined}>
                    #{d.dropId} {d.title}
                  </button>
                </th>
                <td><span className={`badge badge-${d.status}`}>{d.status.replace('_', ' ')}</span></td>
                <td className="num">{formatNumber(d.queueLength)}</td>
                <td className="num">{formatNumber(d.serving)}</td>
                <td className="num">{formatNumber(d.rate)} / {formatNumber(d.effectiveRate)}</td>
                <td><span className={`tone tone-${bound.tone}`} title={bound.text}>{bound.short}</span></td>
                <td className="num">{formatNumber(d.admittedNow)}</td>
                <td className="num">{formatNumber(d.noShows)}</td>
                <td className="num">{d.stockLeft === null ? '—' : formatNumber(d.stockLeft)} <span className="muted">/ {formatNumber(d.totalStock)}</span></td>
                <td className="num">{formatNumber(d.confirmedPerS)}</td>
                <td className="num">{formatNumber(d.ordersInflight)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
