import { createHash } from 'node:crypto';
import { seedMatchesHash, shufflePrequeue } from '../src/prequeue-shuffle';

const SEED = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('shufflePrequeue', () => {
  it('is a permutation that does not depend on the order the ids arrive in', () => {
    const ids = Array.from({ length: 200 }, (_, i) => 1000 + i * 7);
    const a = shufflePrequeue(SEED, ids);
    const b = shufflePrequeue(SEED, [...ids].reverse().map(String));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(ids);
    expect(a).not.toEqual(ids);
  });

  it('follows the published algorithm (reference values computed by hand from the spec)', () => {
    // For n = 2: draw r from block 0; j = r mod 2; swap a[1], a[0] when j = 0.
    const block0 = createHash('sha256').update(Buffer.from(SEED, 'hex')).update(Buffer.alloc(8)).digest();
    const j = block0.readUInt32BE(0) % 2;
    expect(shufflePrequeue(SEED, [5, 9])).toEqual(j === 0 ? [9, 5] : [5, 9]);
    expect(shufflePrequeue(SEED, [])).toEqual([]);
    expect(shufflePrequeue(SEED, [42])).toEqual([42]);
  });

  it('gives a different order for a different seed and is roughly uniform', () => {
    const ids = Array.from({ length: 50 }, (_, i) => i + 1);
    expect(shufflePrequeue(SEED, ids)).not.toEqual(shufflePrequeue(SEED.replace(/^00/, '01'), ids));
    // Each of 3 ids lands first about 1/3 of the time over many seeds.
    const firsts = new Map<number, number>();
    for (let s = 0; s < 3000; s++) {
      const seed = createHash('sha256').update(String(s)).digest('hex');
      const first = shufflePrequeue(seed, [1, 2, 3])[0]!;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    for (const id of [1, 2, 3]) expect(firsts.get(id)).toBeGreaterThan(850);
  });

  it('checks the revealed seed against the published hash', () => {
    const hash = createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex');
    expect(seedMatchesHash(SEED, hash)).toBe(true);
    expect(seedMatchesHash(SEED, hash.replace(/^./, (c) => (c === '0' ? '1' : '0')))).toBe(false);
    expect(() => shufflePrequeue('xyz', [1])).toThrow();
  });
});
