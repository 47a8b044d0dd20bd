import { FAILED_ORDER_STATUSES, type Knex } from '@livedrop/common';
import type { PaymentProvider } from '../../payments';
import { createPaymentsRepo } from '../../payments/payments-repo';

// Orders that ended without a sale. Open orders (pending, reserved, paid) belong to their workflow, which
// confirms them or refunds the charge itself; reconciliation only cleans up after orders that are over.
const ENDED_UNSOLD = FAILED_ORDER_STATUSES;

export interface UnsoldCharge { orderId: string; paymentId: string; orderStatus: string }

/**
 * Finds every succeeded, unrefunded charge of the drop whose order ended unsold (a workflow recorded before
 * refunds existed, a refund that failed, an order ended by hand) and refunds it. The refund is idempotent
 * at the provider, so a workflow refunding the same charge at the same moment refunds it once.
 */
export async function refundUnsoldCharges(knex: Knex, payments: PaymentProvider, dropId: number): Promise<UnsoldCharge[]> {
  const rows = await createPaymentsRepo(knex).unrefundedChargesOf(dropId, ENDED_UNSOLD);
  const refunded: UnsoldCharge[] = [];
  for (const row of rows) {
    const result = await payments.refund({ paymentId: row.payment_id }, { reason: `reconciliation_${row.order_status}` });
    if (result.refundedNow) refunded.push({ orderId: row.order_id, paymentId: row.payment_id, orderStatus: row.order_status });
  }
  return refunded;
}
