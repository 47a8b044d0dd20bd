import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from '@livedrop/common';
import type {
  ChargeRequest, ChargeResult, PaymentProvider, PaymentStatus, RefundResult, RefundTarget,
} from './payment-provider';
import { createPaymentsRepo, type PaymentRow } from './payments-repo';

export interface SandboxOptions {
  /** Simulated provider latency per charge, status look-up and refund. */
  latencyMs: number;
  /** Share of charges declined at random (0..1). */
  declineRate: number;
  /** Test cards: amounts whose minor units end in these digits are always declined. */
  declineAmountSuffix: string;
  random?: () => number;
}

/** The decline code of the tombstone a void leaves: a late charge with that key is declined. */
export const VOIDED_DECLINE_CODE = 'voided';

/**
 * The local sandbox provider. Charges live in MySQL `payments`, unique by idempotency key: a repeated
 * charge returns the stored result and bumps `attempts`, so a double charge is both prevented and visible.
 * Refunds set `refunded_at` on the charge (once); a refund of a key that never charged writes a declined
 * `voided` row in its place, as a real provider's cancel of a payment intent would.
 */
export function createSandboxPaymentProvider(knex: Knex, options: SandboxOptions): PaymentProvider {
  const random = options.random ?? Math.random;
  const repo = createPaymentsRepo(knex);
  const stored = repo.byKey;
  const toResult = (row: PaymentRow): ChargeResult => ({
    status: row.status,
    paymentId: row.id,
    ...(row.decline_code ? { declineCode: row.decline_code } : {}),
  });
  const latency = async (signal?: AbortSignal) => {
    if (options.latencyMs > 0) await sleep(options.latencyMs, undefined, { signal });
    signal?.throwIfAborted();
  };
  const toStatus = (row: PaymentRow | undefined): PaymentStatus => {
    if (!row) return { state: 'none' };
    if (row.status === 'declined') return { state: 'declined', paymentId: row.id };
    return { state: row.refunded_at ? 'refunded' : 'succeeded', paymentId: row.id };
  };

  /** Inserts the charge row unless a concurrent one with the same key got there first; returns the stored row. */
  async function insertOnce(request: ChargeRequest, row: { id: string; status: string; decline_code: string | null }) {
    const inserted = await repo.insertOnce({
      id: row.id, orderId: request.orderId, idempotencyKey: request.idempotencyKey, amountMinor: request.amountMinor,
      currency: request.currency, status: row.status, declineCode: row.decline_code,
    });
    return inserted ? (row as PaymentRow) : (await stored(request.idempotencyKey))!;
  }

  async function refundRow(row: PaymentRow, reason: string): Promise<RefundResult> {
    if (row.status === 'declined') {
      return { state: row.decline_code === VOIDED_DECLINE_CODE ? 'voided' : 'declined', paymentId: row.id, refundedNow: false };
    }
    // The guarded update is the idempotency: only one caller moves refunded_at from NULL.
    return { state: 'refunded', paymentId: row.id, refundedNow: await repo.markRefunded(row.id, reason) };
  }

  return {
    name: 'sandbox',
    async charge(request: ChargeRequest, { signal }: { signal?: AbortSignal } = {}): Promise<ChargeResult> {
      const previous = await stored(request.idempotencyKey);
      if (previous) {
        await repo.countAttempt(previous.id);
        return toResult(previous);
      }
      // An aborted charge throws here, before anything is taken.
      await latency(signal);
      const declineCode = String(request.amountMinor).endsWith(options.declineAmountSuffix)
        ? 'card_declined_test_amount'
        : random() < options.declineRate ? 'insufficient_funds' : undefined;
      const row = { id: randomUUID(), status: declineCode ? 'declined' : 'succeeded', decline_code: declineCode ?? null };
      return toResult(await insertOnce(request, row));
    },

    async status(idempotencyKey, { signal } = {}) {
      await latency(signal);
      return toStatus(await stored(idempotencyKey));
    },

    async refund(target: RefundTarget, { reason = 'refund', signal } = {}) {
      await latency(signal);
      if ('paymentId' in target) {
        const row = await repo.byId(target.paymentId);
        if (!row) throw new Error(`no payment ${target.paymentId}`);
        return refundRow(row, reason);
      }
      let row = await stored(target.idempotencyKey);
      // Nothing charged yet: void the key, so an attempt of this charge still in flight is declined, not taken.
      row ??= await insertOnce(
        { idempotencyKey: target.idempotencyKey, orderId: target.orderId, amountMinor: 0, currency: 'XXX' },
        { id: randomUUID(), status: 'declined', decline_code: VOIDED_DECLINE_CODE },
      );
      return refundRow(row, reason);
    },
  };
}
