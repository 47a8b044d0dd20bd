import { dropKeys, globalKeys, inventoryKeys } from '../src/redis/keys';

/** Redis Cluster hashes only the part inside the first {...}: every key of one drop must share it. */
const hashTag = (key: string) => /\{([^}]*)\}/.exec(key)?.[1];

describe('dropKeys', () => {
  it('hash-tags every key of a drop with {drop:<id>}', () => {
    const keys = { ...dropKeys(42), ...inventoryKeys(42) };
    const values = Object.entries(keys).filter(([name]) => name !== 'tag').map(([, v]) => v);
    expect(values.length).toBeGreaterThan(5);
    for (const key of values) expect(hashTag(key)).toBe('drop:42');
    expect(keys.stock).toBe('{drop:42}:stock');
  });

  it('keeps drops apart and names unique within a drop', () => {
    const a = [...Object.values(dropKeys(1)), ...Object.values(inventoryKeys(1))];
    const b = [...Object.values(dropKeys(2)), ...Object.values(inventoryKeys(2))];
    expect(new Set(a).size).toBe(a.length);
    expect(a.filter((k) => b.includes(k))).toEqual([]);
  });

  it('accepts string ids the same as numbers', () => {
    expect(inventoryKeys('7').stock).toBe(inventoryKeys(7).stock);
  });

  it('builds global keys', () => {
    expect(globalKeys.rateLimit('login', '1.2.3.4')).toBe('ratelimit:login:1.2.3.4');
    expect(globalKeys.userChannel(9)).toBe('ws:user:9');
    expect(globalKeys.cacheVersion('drop', 3)).toBe('cache-version:drop:3');
  });

  it('names the logical database in the ops channel (pub/sub ignores SELECT), keeping the bare name on 0', () => {
    expect(globalKeys.opsChannel(0)).toBe('ws:ops');
    expect(globalKeys.opsChannel()).toBe('ws:ops');
    expect(globalKeys.opsChannel(14)).toBe('ws:ops:db14');
    expect(globalKeys.opsChannel(14)).not.toBe(globalKeys.opsChannel(7));
  });
});
