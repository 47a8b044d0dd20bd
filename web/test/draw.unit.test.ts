import { randomBytes } from 'node:crypto';
import { seedMatchesHash as serverSeedMatches, shufflePrequeue as serverShuffle } from '../../waiting-room/src/prequeue-shuffle';
import { seedMatchesHash, shufflePrequeue } from '../src/features/waiting-room/draw';

describe('the browser port of the pre-queue draw', () => {
  it('gives exactly the server’s ticket order for the same seed and pre-queue', async () => {
    for (const n of [0, 1, 2, 3, 7, 64, 1000]) {
      const seed = randomBytes(32).toString('hex');
      const ids = Array.from({ length: n }, (_, i) => 1_000 + i * 7 + (i % 3));
      expect(await shufflePrequeue(seed, ids)).toEqual(serverShuffle(seed, ids));
    }
  });

  it('sorts the ids first, so the input order does not matter', async () => {
    const seed = 'ab'.repeat(32);
    expect(await shufflePrequeue(seed, [5, 3, 9, 1])).toEqual(await shufflePrequeue(seed, [1, 9, 3, 5]));
    expect(await shufflePrequeue(seed, [5, 3, 9, 1])).toEqual(serverShuffle(seed, [1, 3, 5, 9]));
  });

  it('checks the revealed seed against the published hash like the server', async () => {
    const seed = randomBytes(32).toString('hex');
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
    expect(await seedMatchesHash(seed, hash)).toBe(true);
    expect(serverSeedMatches(seed, hash)).toBe(true);
    expect(await seedMatchesHash(seed, hash.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBe(false);
  });

  it('refuses a malformed seed like the server', async () => {
    await expect(shufflePrequeue('abc', [1, 2])).rejects.toThrow('hex');
    expect(() => serverShuffle('abc', [1, 2])).toThrow('hex');
  });
});
