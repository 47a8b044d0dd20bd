/**
 * One Idempotency-Key per purchase attempt, kept in localStorage per account and drop: a double click, a
 * network retry, a reload mid-attempt or a second tab all send the SAME key, so the server returns the same
 * order instead of a second one. A new key is made only for a new quantity or after an order was placed.
 */
export interface PurchaseAttempt {
  key: string;
  quantity: number;
  orderId?: string;
}

const storageKey = (userId: number, dropId: number) => `livedrop.purchase.${userId}.${dropId}`;

export function loadAttempt(userId: number, dropId: number): PurchaseAttempt | null {
  try {
    const raw = localStorage.getItem(storageKey(userId, dropId));
    return raw ? (JSON.parse(raw) as PurchaseAttempt) : null;
  } catch {
    return null;
  }
}

export function saveAttempt(userId: number, dropId: number, attempt: PurchaseAttempt): void {
  localStorage.setItem(storageKey(userId, dropId), JSON.stringify(attempt));
}

/** The attempt to send now: the pending one for this quantity, or a fresh key. */
export function attemptFor(current: PurchaseAttempt | null, quantity: number): PurchaseAttempt {
  if (current && !current.orderId && current.quantity === quantity) return current;
  return { key: `web-${crypto.randomUUID()}`, quantity };
}
