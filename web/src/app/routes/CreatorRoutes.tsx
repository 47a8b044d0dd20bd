import { useParams } from 'react-router';
import { NotFoundPage } from '../NotFoundPage';
import { CreatorProfile } from '../../features/follows/CreatorProfile';
import { CreatorsList } from '../../features/follows/CreatorsList';

export function CreatorsRoute() {
  return <CreatorsList />;
}

export function CreatorProfileRoute() {
  const creatorId = Number(useParams().creatorId);
  if (!Number.isSafeInteger(creatorId) || creatorId < 1) return <NotFoundPage />;
  return <CreatorProfile creatorId={creatorId} />;
}
