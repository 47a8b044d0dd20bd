import { useParams } from 'react-router';
import { NotFoundPage } from '../NotFoundPage';
import { DropDetails } from '../../features/drops/DropDetails';

/** The drop page: the app composes the drop's details with the waiting room and the follow button. */
export function DropRoute() {
  const dropId = Number(useParams().dropId);
  if (!Number.isSafeInteger(dropId) || dropId < 1) return <NotFoundPage />;
  return <DropDetails dropId={dropId} />;
}
