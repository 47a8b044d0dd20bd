import type { IncomingMessage } from 'node:http';
import { clientAddress, compileTrustProxy, loadConfig } from '../src';

const req = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as unknown as IncomingMessage;

describe('client address (TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For when no proxy is trusted (the default)', () => {
    const trust = compileTrustProxy(loadConfig({}).TRUST_PROXY);
    expect(clientAddress(req('127.0.0.1', '10.0.0.7'), trust)).toBe('127.0.0.1');
    expect(clientAddress(req('203.0.113.9', '10.0.0.7, 10.0.0.8'), trust)).toBe('203.0.113.9');
  });

  it('takes the address a trusted proxy names, and stops at the first untrusted hop', () => {
    const trust = compileTrustProxy('loopback, 10.0.0.0/8');
    expect(clientAddress(req('127.0.0.1', '198.51.100.4'), trust)).toBe('198.51.100.4');
    // A client that writes its own X-Forwarded-For only adds entries to the left of the real one.
    expect(clientAddress(req('127.0.0.1', '6.6.6.6, 198.51.100.4, 10.1.2.3'), trust)).toBe('198.51.100.4');
    expect(clientAddress(req('::ffff:127.0.0.1', '198.51.100.4'), trust)).toBe('198.51.100.4');
    expect(clientAddress(req('198.51.100.9', '1.2.3.4'), trust)).toBe('198.51.100.9');
    expect(clientAddress(req('127.0.0.1'), trust)).toBe('127.0.0.1');
  });

  it('trusts a number of hops whatever their addresses', () => {
    const trust = compileTrustProxy('1');
    expect(clientAddress(req('192.0.2.1', '6.6.6.6, 198.51.100.4'), trust)).toBe('198.51.100.4');
    expect(clientAddress(req('192.0.2.1', '6.6.6.6, 198.51.100.4'), compileTrustProxy('2'))).toBe('6.6.6.6');
  });

  it.each(['true', 'loopback,nonsense', '10.0.0.0/33', '1.2.3.4/8/9', 'fe80::/200'])('refuses TRUST_PROXY=%s naming the key', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: '.*' is not an IP address/);
  });
});
