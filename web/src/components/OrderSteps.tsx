import { FAILED_ORDER_STATUSES, FINAL_ORDER_STATUSES, type OrderStatus } from '@livedrop/common/domain/statuses';

const STEPS = ['reserved', 'paid', 'confirmed'] as const satisfies readonly OrderStatus[];

// Every status has a label: a status added on the server fails this typecheck until it is named here.
const LABEL: Record<OrderStatus, string> = {
  pending: 'Pending', reserved: 'Reserved', paid: 'Paid', confirmed: 'Confirmed',
  declined: 'Declined', cancelled: 'Cancelled', expired: 'Expired', failed: 'Failed',
};
export const orderStatusLabel = (status: string) => LABEL[status as OrderStatus] ?? status;
export const isFinalOrderStatus = (status: string) => (FINAL_ORDER_STATUSES as readonly string[]).includes(status);
export const isFailedOrderStatus = (status: string) => (FAILED_ORDER_STATUSES as readonly string[]).includes(status);

/** What went wrong with an order and what to do about it. */
export function orderFailureAdvice(status: string, reason: string | null | undefined): string {
  const r = reason ?? '';
  if (r.includes('declined')) return 'Your payment was declined and nothing was charged; the units went back on sale. Each admission allows one order attempt, so check your card before the next drop.';
  if (r.includes('timeout') || status === 'expired') return 'The payment did not complete in time, so nothing was charged and the units went back on sale.';
  if (r.includes('sold_out')) return 'The last units were taken just before yours; nothing was charged.';
  if (r.includes('per_user_limit')) return 'You already bought the most this drop allows per person.';
  return 'Nothing was charged. You can check “My orders” for details.';
}

/** reserved → paid → confirmed, or where it stopped. */
export function OrderSteps({ status }: { status: string }) {
  const reached = STEPS.indexOf(status as (typeof STEPS)[number]);
  const failed = isFailedOrderStatus(status);
  return (
    <ol className={`steps ${failed ? 'steps-failed' : ''}`} aria-label="Order progress">
      {STEPS.map((s, i) => (
        <li key={s} className={i <= reached ? 'done' : ''} aria-current={i === reached ? 'step' : undefined}>{orderStatusLabel(s)}</li>
      ))}
      {failed && <li className="failed" aria-current="step">{orderStatusLabel(status)}</li>}
    </ol>
  );
}
