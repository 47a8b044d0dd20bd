import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSession } from '../../lib/services';
import { useCreator, useFollowing, useFollowMutation } from './follow-queries';

/** Follow / unfollow a creator: followers get the "drop started" alert. */
export function FollowButton({ creatorId }: { creatorId: number }) {
  const session = useSession();
  const creator = useCreator(creatorId);
  const following = useFollowing();
  const mutation = useFollowMutation(creatorId);
  const name = creator.data?.displayName ?? 'this creator';
  const isFollowing = Boolean(following.data?.some((f) => f.userId === creatorId));
  const shown = mutation.isPending ? Boolean(mutation.variables) : isFollowing;
  return (
    <div className="follow">
      <p className="muted">
        By <Link to={`/creators/${creatorId}`}>{name}</Link>
        {creator.data && <> · {creator.data.followerCount} follower{creator.data.followerCount === 1 ? '' : 's'}</>}
      </p>
      {session && session.user.id !== creatorId && (
        <button type="button" className={`button small ${shown ? 'secondary' : ''}`} aria-pressed={shown}
          disabled={following.isPending || mutation.isPending} onClick={() => mutation.mutate(!isFollowing)}>
          {shown ? `Following ${name}` : `Follow ${name}`}
        </button>
      )}
      <ErrorNotice error={mutation.error} />
    </div>
  );
}
