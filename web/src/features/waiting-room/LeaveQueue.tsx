import { useState } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNotice } from '../../components/ErrorNotice';

/**
 * "Leave the queue": a shopper who no longer wants the item hands the place — or the admission, which
 * would otherwise sit unused until the checkout window ends — to the next shopper at once. Asked twice,
 * because the place cannot be taken back (joining again starts at the back).
 */
export function LeaveQueue({ leave, admitted }: { leave: UseMutationResult<unknown, Error, void>; admitted: boolean }) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="leave-queue">
      <button type="button" className="button secondary" onClick={() => setAsking(true)} disabled={leave.isPending}>
        {leave.isPending ? 'Leaving…' : 'Leave the queue'}
      </button>
      <ErrorNotice error={leave.error} />
      <ConfirmDialog
        open={asking} title="Leave the queue?" confirmLabel="Leave"
        onCancel={() => setAsking(false)}
        onConfirm={() => { setAsking(false); leave.mutate(); }}
      >
        <p>{admitted
          ? 'Your turn to buy goes to the next shopper right away, and your admission stops working.'
          : 'Your place goes to the people behind you. Joining again puts you at the back of the line.'}</p>
      </ConfirmDialog>
    </div>
  );
}
