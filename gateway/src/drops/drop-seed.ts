import { createHash, randomBytes } from 'node:crypto';

/**
 * The pre-queue shuffle seed: 32 random bytes, stored and revealed as hex. Its hash is published at
 * scheduling and the seed at the start, so anyone can check SHA-256(hex-decode(seed)) == seedHash and
 * recompute the shuffle (the same rule as waiting-room/src/prequeue-shuffle.ts).
 */
export const hashSeed = (seedHex: string): string => createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');

export function generateSeed(): { seed: string; seedHash: string } {
  const seed = randomBytes(32).toString('hex');
  return { seed, seedHash: hashSeed(seed) };
}
