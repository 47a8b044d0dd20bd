/** Live sockets per key (client address, account) on this gateway process, against a cap (0 = no cap). */
export class SocketCounter<K> {
  private readonly counts = new Map<K, number>();
  constructor(private readonly cap: number) {}

  /** Takes a slot; false when the key is at its cap. */
  take(key: K): boolean {
    const n = this.counts.get(key) ?? 0;
    if (this.cap > 0 && n >= this.cap) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: K): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }
}
