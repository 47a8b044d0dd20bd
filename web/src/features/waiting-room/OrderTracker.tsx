import { Link } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { OrderSteps, isFailedOrderStatus, orderFailureAdvice } from '../../components/OrderSteps';
import { formatMoney } from '../../lib/format';
import { useOrder } from './use-order';

/** The order's live status after buying: reserved → paid → confirmed, or why it stopped. */
export function OrderTracker({ orderId }: { orderId: string }) {
  const order = useOrder(orderId);
  if (order.isPending) return <p role="status">Loading your order…</p>;
  if (order.error) return <ErrorNotice error={order.error} />;
  const o = order.data;
  const failed = isFailedOrderStatus(o.status);
  return (
    <section className="panel order" aria-labelledby="order-h">
      <h2 id="order-h">Your order</h2>
      <OrderSteps status={o.status} />
      <p role="status" aria-live="polite" className={`order-status status-${o.status}`}>
        {o.status === 'confirmed' && <>Order confirmed: {o.quantity} × for {formatMoney(o.amountMinor, o.currency)}.</>}
        {(o.status === 'reserved' || o.status === 'pending') && 'Your units are reserved; payment is on its way…'}
        {o.status === 'paid' && 'Paid; confirming your order…'}
        {failed && <>Order {o.status}. {orderFailureAdvice(o.status, o.failureReason)}</>}
      </p>
      <p className="small"><Link to="/orders">See all my orders</Link></p>
    </section>
  );
}
