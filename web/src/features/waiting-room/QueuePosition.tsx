import { formatDuration, formatTime } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import type { LiveStatus } from '../../lib/ws/live-socket';
import type { QueueState } from './queue-state';

/** Place, people ahead, ETA and progress; read out politely to screen readers when they change. */
export function QueuePosition({ state, live }: { state: QueueState; live: LiveStatus }) {
  const now = useNow();
  const position = state.position ?? 0;
  const ahead = Math.max(0, position - 1);
  const ticket = state.ticket ?? 0;
  const eta = state.eta === null ? (state.paused ? 'paused' : 'unknown') : state.eta === 0 ? 'any moment' : `about ${formatDuration(state.eta)}`;
  const ago = Math.max(0, Math.round((now - state.updatedAt) / 1000));
  return (
    <section className="panel queue" aria-labelledby="queue-h">
      <h2 id="queue-h">You’re in line</h2>
      <div aria-live="polite" aria-atomic="true" className="queue-live">
        <dl className="queue-numbers">
          <div><dt>Your place</dt><dd data-testid="queue-position">{position}</dd></div>
          <div><dt>People ahead</dt><dd data-testid="people-ahead">{ahead}</dd></div>
          <div><dt>Estimated wait</dt><dd className="eta" data-testid="queue-eta">{eta}</dd></div>
        </dl>
        {state.paused && <p className="notice info">Admission is paused for a moment; you keep your place.</p>}
      </div>
      <label className="progress-label">
        Progress to the front
        <progress max={ticket || 1} value={Math.min(state.serving, ticket)} />
      </label>
      <p className="muted small">
        Ticket #{ticket} · now serving #{state.serving} · {state.queueLength} in line · letting in {state.rate}/s
      </p>
      <p className="muted small" data-testid="last-updated">
        Last updated {formatTime(state.updatedAt)} ({ago} s ago) · {live === 'open' ? 'live' : 'reconnecting, checking every 2 s'}
      </p>
      <p className="small">You can reload or open another tab: your place is kept.</p>
    </section>
  );
}
