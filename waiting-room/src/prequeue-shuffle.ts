import { createHash } from 'node:crypto';

/**
 * The pre-queue shuffle, specified so anyone can recompute it from the revealed seed (see README.md):
 *
 * 1. seed bytes = hex-decode(drops.seed); SHA-256(seed bytes) must equal drops.seed_hash (published at scheduling).
 * 2. Sort the pre-queue user ids ascending as integers.
 * 3. Random stream: block_c = SHA-256(seed bytes ‖ c as 8-byte big-endian), c = 0, 1, 2, …; each block yields
 *    eight 32-bit big-endian unsigned integers, consumed in order.
 * 4. Fisher–Yates from the end: for i = n−1 down to 1, draw r; if r ≥ 2^32 − (2^32 mod (i+1)) draw again
 *    (rejection sampling, so every j is equally likely); j = r mod (i+1); swap a[i] and a[j].
 * 5. Ticket t (1-based) goes to a[t−1].
 */
export function shufflePrequeue(seedHex: string, userIds: readonly (number | string)[]): number[] {
  const seed = seedBytes(seedHex);
  const ids = userIds.map(Number);
  if (ids.some((id) => !Number.isSafeInteger(id))) throw new Error('pre-queue user ids must be integers');
  ids.sort((a, b) => a - b);
  const next = randomStream(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const bound = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    let r = next();
    while (r >= limit) r = next();
    const j = r % bound;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}

/** True when the revealed seed is the one whose hash was published at scheduling. */
export function seedMatchesHash(seedHex: string, seedHash: string): boolean {
  return createHash('sha256').update(seedBytes(seedHex)).digest('hex') === seedHash.toLowerCase();
}

function seedBytes(seedHex: string): Buffer {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(seedHex)) throw new Error('seed must be a non-empty even-length hex string');
  return Buffer.from(seedHex, 'hex');
}

function randomStream(seed: Buffer): () => number {
  let counter = 0n;
  let block = Buffer.alloc(0);
  let offset = 32;
  return () => {
    if (offset >= 32) {
      const c = Buffer.alloc(8);
      c.writeBigUInt64BE(counter++);
      block = createHash('sha256').update(seed).update(c).digest();
      offset = 0;
    }
    const r = block.readUInt32BE(offset);
    offset += 4;
    return r;
  };
}
