import { useRef, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Countdown } from '../../components/Countdown';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ApiError, unwrap } from '../../lib/api/errors';
import { formatMoney } from '../../lib/format';
import { useApi } from '../../lib/services';
import { attemptFor, loadAttempt, saveAttempt, type PurchaseAttempt } from './purchase-attempt';

interface Props {
  userId: number;
  dropId: number;
  admissionToken: string;
  expiresAt: number | undefined;
  perUserLimit: number;
  priceMinor: number;
  currency: string;
  onOrder: (orderId: string) => void;
}

/** Network trouble and 5xx are retried with the same key; a 4xx is the server's final word. */
const retryable = (err: unknown) => !(err instanceof ApiError) || err.status >= 500;

export function BuyPanel({ userId, dropId, admissionToken, expiresAt, perUserLimit, priceMinor, currency, onOrder }: Props) {
  const api = useApi();
  const [quantity, setQuantity] = useState(() => Math.min(loadAttempt(userId, dropId)?.quantity ?? 1, perUserLimit));
  const attempt = useRef<PurchaseAttempt | null>(loadAttempt(userId, dropId));
  const busy = useRef(false);
  const buy = useMutation({
    mutationFn: async (a: PurchaseAttempt) => unwrap(await api.POST('/v1/drops/{dropId}/orders', {
      params: { path: { dropId }, header: { 'Idempotency-Key': a.key } },
      body: { quantity: a.quantity, admissionToken },
    })),
    retry: (count, err) => count < 4 && retryable(err),
    retryDelay: (count) => Math.min(4000, 300 * 2 ** count),
  });

  const submit = () => {
    // A second click in the same frame still finds busy set: one request, one key.
    if (busy.current) return;
    busy.current = true;
    const a = attemptFor(attempt.current, quantity);
    attempt.current = a;
    saveAttempt(userId, dropId, a);
    buy.mutate(a, {
      onSuccess: (placed) => {
        const done = { ...a, orderId: placed.orderId };
        attempt.current = done;
        saveAttempt(userId, dropId, done);
        onOrder(placed.orderId);
      },
      onSettled: () => { busy.current = false; },
    });
  };

  const options = Array.from({ length: Math.max(1, perUserLimit) }, (_, i) => i + 1);
  return (
    <section className="panel buy" aria-labelledby="buy-h">
      <h2 id="buy-h">It’s your turn</h2>
      <p>
        Checkout window: {expiresAt ? <><Countdown at={expiresAt} done="closed" /> left</> : 'open'}
      </p>
      <form className="buy-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <label>
          Quantity
          <select value={quantity} onChange={(e) => setQuantity(Number(e.target.value))} disabled={buy.isPending}>
            {options.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <p className="total">Total <strong>{formatMoney(priceMinor * quantity, currency)}</strong></p>
        <button type="submit" className="button" disabled={buy.isPending}>
          {buy.isPending ? 'Placing your order…' : 'Buy now'}
        </button>
      </form>
      <p className="muted small">At most {perUserLimit} per person. Pressing twice never orders twice.</p>
      <ErrorNotice error={buy.error}>
        {buy.error && retryable(buy.error) && <button type="button" className="button small secondary" onClick={submit}>Try again</button>}
      </ErrorNotice>
    </section>
  );
}
