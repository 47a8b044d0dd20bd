/**
 * One Idempotency-Key per purchase attempt, kept in sessionStorage: a double click, a network retry or a
 * reload mid-attempt all send the SAME key, so the server returns the same order instead of a second one.
 * A new key is made only when the previous attempt ended without an order (or the quantity changed).
 */
export interface PurchaseAttempt {
  key: string;
  quantity: number;
  orderId?: string;
}

const storageKey = (dropId: number) => `livedrop.purchase.${dropId}`;

export function loadAttempt(dropId: number): PurchaseAttempt | null {
  try {
    const raw = sessionStorage.getItem(storageKey(dropId));
    return raw ? (JSON.parse(raw) as PurchaseAttempt) : null;
  } catch {
    return null;
  }
}

export function saveAttempt(dropId: number, attempt: PurchaseAttempt | null): void {
  if (attempt) sessionStorage.setItem(storageKey(dropId), JSON.stringify(attempt));
  else sessionStorage.removeItem(storageKey(dropId));
}

/** The attempt to send now: the pending one for this quantity, or a fresh key. */
export function attemptFor(current: PurchaseAttempt | null, quantity: number): PurchaseAttempt {
  if (current && !current.orderId && current.quantity === quantity) return current;
  return { key: `web-${crypto.randomUUID()}`, quantity };
}
