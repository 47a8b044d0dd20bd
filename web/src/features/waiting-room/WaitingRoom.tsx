import { useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { DropStatus } from '@livedrop/common/domain/statuses';
import { Countdown } from '../../components/Countdown';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSession } from '../../lib/services';
import { BuyPanel } from './BuyPanel';
import { FairDrawExplainer } from './FairDraw';
import { LeaveQueue } from './LeaveQueue';
import { OrderTracker } from './OrderTracker';
import { loadAttempt } from './purchase-attempt';
import { QueuePosition } from './QueuePosition';
import { RestockAlert } from './RestockAlert';
import { VerifyDraw } from './VerifyDraw';
import { isNotOpenYet, useQueue } from './use-queue';

/** The parts of a drop the waiting room needs (the app passes them in from the drop page). */
export interface WaitingRoomDrop {
  id: number;
  status: DropStatus;
  prequeueOpensAt: string;
  startsAt: string;
  perUserLimit: number;
  seedHash: string;
  seed: string | null;
  product: { priceMinor: number; currency: string };
}

function Box({ children }: { children: ReactNode }) {
  return <section className="panel queue">{children}</section>;
}

export function WaitingRoom({ drop }: { drop: WaitingRoomDrop }) {
  const session = useSession();
  const location = useLocation();
  if (!session) {
    return (
      <Box>
        <h2>Want one?</h2>
        <p><Link className="button" to={`/login?next=${encodeURIComponent(location.pathname)}`}>Log in to join the queue</Link></p>
        <p className="small">No account yet? <Link to="/signup">Sign up</Link> — it takes a few seconds.</p>
      </Box>
    );
  }
  if (session.user.role !== 'shopper') return <Box><p>Only shopper accounts can queue and buy.</p></Box>;
  return <ShopperWaitingRoom key={session.user.id} userId={session.user.id} drop={drop} />;
}

function ShopperWaitingRoom({ userId, drop }: { userId: number; drop: WaitingRoomDrop }) {
  const { query, join, leave, live } = useQueue(drop.id);
  const [orderId, setOrderId] = useState<string | null>(() => loadAttempt(userId, drop.id)?.orderId ?? null);
  const state = query.data;
  const over = drop.status === 'ended' || drop.status === 'cancelled';
  const beforeStart = drop.status === 'scheduled';

  if (query.isPending) return <Box><p role="status">Checking your place…</p></Box>;
  if (query.error) return <Box><ErrorNotice error={query.error} /></Box>;

  if (orderId) return <OrderTracker orderId={orderId} />;

  if (!state) {
    if (over) return <Box><p>This drop is {drop.status}. Follow the creator to hear about the next one.</p></Box>;
    if (drop.status === 'sold_out') return <Box><SoldOut dropId={drop.id} /></Box>;
    const notOpen = isNotOpenYet(join.error);
    return (
      <Box>
        <h2>{beforeStart ? 'Join the pre-queue' : 'Join the queue'}</h2>
        {beforeStart && <p>Starts in <Countdown at={drop.startsAt} />. Join any time before: places are drawn fairly at the start.</p>}
        <button type="button" className="button" onClick={() => join.mutate()} disabled={join.isPending}>
          {join.isPending ? 'Joining…' : beforeStart ? 'Join the pre-queue' : 'Join the queue'}
        </button>
        {notOpen
          ? <p className="notice info" role="alert">The waiting room opens in <Countdown at={drop.prequeueOpensAt} />. Come back then.</p>
          : <ErrorNotice error={join.error} />}
        {beforeStart && <FairDrawExplainer seedHash={drop.seedHash} />}
      </Box>
    );
  }

  const verify = drop.seed && state.ticket !== null ? <VerifyDraw dropId={drop.id} ticket={state.ticket} seed={drop.seed} seedHash={drop.seedHash} /> : null;
  switch (state.status) {
    case 'prequeue':
      return (
        <Box>
          <h2>You’re in the pre-queue</h2>
          <p aria-live="polite">Your place is drawn at the start, in <Countdown at={drop.startsAt} done="a moment" />. Keep this page open or come back: your entry is kept.</p>
          <FairDrawExplainer seedHash={drop.seedHash} />
          <LeaveQueue leave={leave} admitted={false} />
        </Box>
      );
    case 'waiting':
      return <><QueuePosition state={state} live={live} /><LeaveQueue leave={leave} admitted={false} />{verify}</>;
    case 'admitted':
      return (
        <>
          <BuyPanel
            userId={userId} dropId={drop.id} admissionToken={state.admissionToken ?? ''} expiresAt={state.expiresAt}
            perUserLimit={drop.perUserLimit} priceMinor={drop.product.priceMinor} currency={drop.product.currency} onOrder={setOrderId}
          />
          <LeaveQueue leave={leave} admitted />
          {verify}
        </>
      );
    case 'completed': {
      // Bought in another tab of this browser: same attempt, same order.
      const placed = loadAttempt(userId, drop.id)?.orderId;
      if (placed) return <OrderTracker orderId={placed} />;
      return <Box><p>You used your admission. <Link to="/orders">See your order under “My orders”.</Link></p></Box>;
    }
    case 'expired':
      return <Box><p role="alert">Your checkout window closed before an order was placed, so your place went to the next shopper.</p><p>Follow the creator to hear about the next drop.</p></Box>;
    case 'sold_out':
      return <><Box><SoldOut dropId={drop.id} /></Box>{verify}</>;
  }
}

function SoldOut({ dropId }: { dropId: number }) {
  return (
    <>
      <div role="alert">
        <h2>Sold out</h2>
        <p>Every unit has been taken. Units can come back if a payment fails or a checkout window closes.</p>
      </div>
      <RestockAlert dropId={dropId} />
    </>
  );
}
