import { useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { unwrap } from '../../lib/api/errors';
import { useApi, useSession } from '../../lib/services';
import { seedMatchesHash, shufflePrequeue } from './draw';

interface Props {
  dropId: number;
  ticket: number;
  seed: string;
  seedHash: string;
}

type Result = { hashOk: boolean; prequeue: number; recomputed: number | null };

/** Recomputes the pre-queue draw in this browser from the revealed seed and checks it against your ticket. */
export function VerifyDraw({ dropId, ticket, seed, seedHash }: Props) {
  const api = useApi();
  const me = useSession()?.user.id;
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      const draw = unwrap(await api.GET('/v1/drops/{dropId}/draw', { params: { path: { dropId } } }));
      const hashOk = await seedMatchesHash(seed, seedHash);
      const order = await shufflePrequeue(seed, draw.userIds);
      const index = me === undefined ? -1 : order.indexOf(me);
      setResult({ hashOk, prequeue: draw.userIds.length, recomputed: index >= 0 ? index + 1 : null });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel verify">
      <summary>Verify the draw</summary>
      <p className="small">Revealed seed: <code className="hash">{seed}</code></p>
      <button type="button" className="button small secondary" onClick={() => void verify()} disabled={busy}>
        {busy ? 'Recomputing…' : 'Recompute my ticket in this browser'}
      </button>
      <ErrorNotice error={error} />
      {result && (
        <ul className="verify-result" aria-live="polite">
          <li>{result.hashOk ? '✔ The seed matches the hash published before the start.' : '✘ The seed does NOT match the published hash.'}</li>
          <li>Pre-queue: {result.prequeue} shoppers.</li>
          {result.recomputed === null
            ? <li>You joined after the start, so your ticket #{ticket} is in arrival order, not drawn.</li>
            : <li>{result.recomputed === ticket ? '✔' : '✘'} Recomputed ticket #{result.recomputed}; the server gave you #{ticket}.</li>}
        </ul>
      )}
    </details>
  );
}
