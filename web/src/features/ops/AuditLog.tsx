import { ErrorNotice } from '../../components/ErrorNotice';
import { useAuditLog } from './ops-api';
import type { AuditEntry } from './ops-types';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });

const ACTION: Record<string, string> = { set_rate: 'Set rate', pause: 'Paused', resume: 'Resumed', drain: 'Drained' };

function describe(e: AuditEntry): string {
  if (e.action === 'set_rate') return `${e.old.rate ?? '?'}/s → ${e.new.rate ?? '?'}/s`;
  return Object.keys(e.new).map((k) => `${k}: ${e.old[k] ?? '0'} → ${e.new[k]}`).join(', ');
}

/** Who changed admission, what and when (newest first), from admission_audit. */
export function AuditLog({ dropId }: { dropId: number }) {
  const audit = useAuditLog(dropId);
  return (
    <section aria-labelledby="audit-h" className="audit">
      <h3 id="audit-h">Audit log</h3>
      <ErrorNotice error={audit.error} />
      {audit.data && audit.data.entries.length === 0 && <p className="muted">No admission changes yet.</p>}
      {audit.data && audit.data.entries.length > 0 && (
        <div className="table-scroll">
          <table className="data">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Change</th></tr></thead>
            <tbody>
              {audit.data.entries.map((e) => (
                <tr key={e.id}>
                  <td><time dateTime={e.at}>{when(e.at)}</time></td>
                  <td title={e.actor.email}>{e.actor.displayName}</td>
                  <td>{ACTION[e.action] ?? e.action}</td>
                  <td>{describe(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
