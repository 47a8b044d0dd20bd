import { join } from 'node:path';
import { loadLuaScripts } from '../src/redis/lua-scripts';
import { dropKeys, inventoryKeys } from '../src/redis/keys';
import { connectTestServices, uniqueSuffix } from '../../test/support/test-env';

describe('Redis (real server)', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  const dropId = `test-${uniqueSuffix()}`;
  const keys = { ...dropKeys(dropId), ...inventoryKeys(dropId) };
  const runScript = loadLuaScripts(join(__dirname, 'fixtures', 'lua'));

  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(async () => {
    await services.redis.del([keys.stock]);
    await services.close();
  });

  it('round-trips a value', async () => {
    await services.redis.set(keys.stock, '3');
    expect(await services.redis.get(keys.stock)).toBe('3');
  });

  it('runs a Lua script by file name and stops at zero', async () => {
    await services.redis.set(keys.stock, '2');
    const results = await Promise.all([1, 2, 3, 4].map(() => runScript(services.redis, 'decr-if-positive', [keys.stock], [])));
    expect(results.sort()).toEqual([-1, -1, 0, 1]);
    expect(await services.redis.get(keys.stock)).toBe('0');
  });

  it('falls back to EVAL after the script cache is flushed (NOSCRIPT)', async () => {
    await services.redis.set(keys.stock, '1');
    await services.redis.sendCommand(['SCRIPT', 'FLUSH']);
    expect(await runScript(services.redis, 'decr-if-positive', [keys.stock], [])).toBe(0);
  });

  it('refuses a call with the wrong number of keys', async () => {
    await expect(runScript(services.redis, 'decr-if-positive', [], [])).rejects.toThrow(/takes 1 keys/);
  });
});
