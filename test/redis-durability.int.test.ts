import { connectTestServices } from './support/test-env';

// The Redis the system runs on (scripts/infra-up.sh starts it this way) must keep an append-only file fsynced
// every second: a crash then loses at most ~1 s of writes, which reconciliation repairs (docs/reliability.md).
describe('local redis durability', () => {
  let services: Awaited<ReturnType<typeof connectTestServices>>;
  beforeAll(async () => {
    services = await connectTestServices();
  });
  afterAll(() => services.close());

  it('has AOF on with appendfsync everysec', async () => {
    expect(await services.redis.configGet('appendonly')).toEqual({ appendonly: 'yes' });
    expect(await services.redis.configGet('appendfsync')).toEqual({ appendfsync: 'everysec' });
  });
});
