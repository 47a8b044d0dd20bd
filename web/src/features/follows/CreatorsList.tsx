import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';
import { FollowButton } from './FollowButton';
import { useFollowing } from './follow-queries';

/** Creators with live or upcoming drops (the catalog has no creator index), plus the ones you follow. */
export function CreatorsList() {
  const api = useApi();
  const following = useFollowing();
  const active = useQuery({
    queryKey: ['drops', 'creators'],
    queryFn: async () => {
      const [live, upcoming] = await Promise.all((['live', 'upcoming'] as const).map(async (status) =>
        unwrap(await api.GET('/v1/catalog/drops', { params: { query: { status, limit: 50 } } })).drops));
      return [...new Set([...live!, ...upcoming!].map((d) => d.creatorId))];
    },
  });
  const ids = [...new Set([...(active.data ?? []), ...(following.data ?? []).map((f) => f.userId)])];
  return (
    <div className="stack">
      <h1>Creators</h1>
      <ErrorNotice error={active.error} />
      {active.isPending && <p role="status">Loading…</p>}
      {!active.isPending && ids.length === 0 && <p className="muted">No creators have drops right now.</p>}
      <ul className="grid creators">
        {ids.map((id) => (
          <li key={id} className="card card-body">
            <FollowButton creatorId={id} />
            <Link to={`/creators/${id}`} className="small">See their drops</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
