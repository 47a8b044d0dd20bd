import { bullConnection } from '../src/events/outbox';

describe('bullConnection', () => {
  it('turns a rediss:// URL into a TLS connection for the same host', () => {
    const options = bullConnection('rediss://app:s%40cret@cache.example.com:6380/2');
    expect(options).toMatchObject({
      host: 'cache.example.com', port: 6380, username: 'app', password: 's@cret', db: 2,
      tls: { servername: 'cache.example.com' },
    });
  });

  it('keeps a redis:// URL in plain text, with BullMQ workers\' unlimited retries', () => {
    const options = bullConnection('redis://127.0.0.1:6379/13');
    expect(options).not.toHaveProperty('tls');
    expect(options).toMatchObject({ host: '127.0.0.1', port: 6379, db: 13, maxRetriesPerRequest: null });
  });
});
