import { ConfigError, loadConfig } from '../src/config/load-config';

describe('loadConfig', () => {
  it('applies local defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.GATEWAY_PORT).toBe(3000);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.MYSQL_URL).toBe('mysql://livedrop:livedrop@127.0.0.1:3306/livedrop');
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
  });

  it('coerces numbers from env strings', () => {
    expect(loadConfig({ GATEWAY_PORT: '8080', PAYMENT_DECLINE_RATE: '0.25' })).toMatchObject({
      GATEWAY_PORT: 8080,
      PAYMENT_DECLINE_RATE: 0.25,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ GATEWAY_PORT: '' }).GATEWAY_PORT).toBe(3000);
  });

  it.each([
    ['GATEWAY_PORT', 'not-a-port'],
    ['GATEWAY_PORT', '70000'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['MYSQL_URL', 'nonsense'],
    ['TEMPORAL_ADDRESS', 'no-port'],
    ['PAYMENT_DECLINE_RATE', '1.5'],
    ['JWT_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s and names the key', (key, value) => {
    let error: unknown;
    try {
      loadConfig({ [key]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).keys).toContain(key);
    expect((error as ConfigError).message).toContain(key);
  });

  it('refuses the development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set explicitly in production/);
  });

  it.each(['0.0.0.0', '10.1.2.3', '::', 'livedrop.example.com'])(
    'refuses the development secrets when HOST=%s is reachable from other machines',
    (host) => {
      expect(() => loadConfig({ HOST: host })).toThrow(/JWT_SECRET: must be set explicitly when HOST .* is not loopback/);
      expect(() => loadConfig({ HOST: host, JWT_SECRET: 'j'.repeat(32) }))
        .toThrow(/ADMISSION_TOKEN_SECRET: must be set explicitly when HOST .* is not loopback/);
      expect(loadConfig({ HOST: host, JWT_SECRET: 'j'.repeat(32), ADMISSION_TOKEN_SECRET: 'a'.repeat(32) }).HOST).toBe(host);
    },
  );

  it.each(['127.0.0.1', '127.0.1.1', '::1', 'localhost'])('keeps the development secrets on loopback HOST=%s', (host) => {
    expect(loadConfig({ HOST: host }).HOST).toBe(host);
  });

  it('returns a frozen object so nobody mutates config at runtime', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });
});
