import { useParams } from 'react-router';
import { NotFoundPage } from '../NotFoundPage';
import { DropDetails } from '../../features/drops/DropDetails';
import { FollowButton } from '../../features/follows/FollowButton';
import { WaitingRoom } from '../../features/waiting-room/WaitingRoom';

/** The drop page: the app composes the drop's details with the follow button and the waiting room. */
export function DropRoute() {
  const dropId = Number(useParams().dropId);
  if (!Number.isSafeInteger(dropId) || dropId < 1) return <NotFoundPage />;
  return (
    <DropDetails
      dropId={dropId}
      follow={(drop) => <FollowButton creatorId={drop.creatorId} />}
      room={(drop) => <WaitingRoom drop={drop} />}
    />
  );
}
