import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from '@livedrop/common';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './payment-provider';

export interface SandboxOptions {
  /** Simulated provider latency per charge. */
  latencyMs: number;
  /** Share of charges declined at random (0..1). */
  declineRate: number;
  /** Test cards: amounts whose minor units end in these digits are always declined. */
  declineAmountSuffix: string;
  random?: () => number;
}

interface PaymentRow {
  id: string;
  status: 'succeeded' | 'declined';
  decline_code: string | null;
}

/**
 * The local sandbox provider. Charges live in MySQL `payments`, unique by idempotency key: a repeated
 * charge returns the stored result and bumps `attempts`, so a double charge is both prevented and visible.
 */
export function createSandboxPaymentProvider(knex: Knex, options: SandboxOptions): PaymentProvider {
  const random = options.random ?? Math.random;
  const stored = (key: string): Promise<PaymentRow | undefined> =>
    knex('payments').where({ idempotency_key: key }).first('id', 'status', 'decline_code');
  const toResult = (row: PaymentRow): ChargeResult => ({
    status: row.status,
    paymentId: row.id,
    ...(row.decline_code ? { declineCode: row.decline_code } : {}),
  });

  return {
    name: 'sandbox',
    async charge(request: ChargeRequest, { signal }: { signal?: AbortSignal } = {}): Promise<ChargeResult> {
      const previous = await stored(request.idempotencyKey);
      if (previous) {
        await knex('payments').where({ id: previous.id }).increment('attempts', 1);
        return toResult(previous);
      }
      // An aborted charge throws here, before anything is taken.
      if (options.latencyMs > 0) await sleep(options.latencyMs, undefined, { signal });
      signal?.throwIfAborted();
      const declineCode = String(request.amountMinor).endsWith(options.declineAmountSuffix)
        ? 'card_declined_test_amount'
        : random() < options.declineRate ? 'insufficient_funds' : undefined;
      const row = { id: randomUUID(), status: declineCode ? 'declined' : 'succeeded', decline_code: declineCode ?? null };
      // A concurrent duplicate that got here first wins: keep its result and count this attempt.
      const inserted = await knex.raw(
        `INSERT INTO payments (id, order_id, idempotency_key, provider, amount_minor, currency, status, decline_code)
         VALUES (?, ?, ?, 'sandbox', ?, ?, ?, ?) ON DUPLICATE KEY UPDATE attempts = attempts + 1`,
        [row.id, request.orderId, request.idempotencyKey, request.amountMinor, request.currency, row.status, row.decline_code],
      );
      const affected = (inserted as [{ affectedRows: number }])[0].affectedRows;
      if (affected === 1) return toResult(row as PaymentRow);
      return toResult((await stored(request.idempotencyKey))!);
    },
  };
}
