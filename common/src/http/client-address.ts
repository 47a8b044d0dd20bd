import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** `(address, hop) => trusted?` — the shape Express's `trust proxy` setting accepts as a function. */
export type TrustProxy = (address: string, hop: number) => boolean;

// The names Express/proxy-addr accept for common private ranges.
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
const normalise = (address: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address);

/**
 * Parses TRUST_PROXY: empty (trust no proxy: X-Forwarded-For is ignored), a hop count (`1`: the first
 * proxy in front of us, whatever its address), or a comma-separated list of proxy addresses, CIDRs and
 * the names loopback / linklocal / uniquelocal. Throws on anything else, naming the bad entry.
 */
export function compileTrustProxy(setting: string): TrustProxy {
  const value = setting.trim();
  if (value === '' || value === 'false' || value === '0') return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const list = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    for (const item of NAMED[entry.toLowerCase()] ?? [entry]) {
      const [address, bits, extra] = item.split('/');
      const family = isIP(address ?? '');
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
      if (!family || extra !== undefined || !/^\d+$/.test(bits ?? '0') || prefix > (family === 6 ? 128 : 32)) {
        throw new Error(`'${entry}' is not an IP address, a CIDR range, loopback, linklocal or uniquelocal`);
      }
      list.addSubnet(address!, prefix, family === 6 ? 'ipv6' : 'ipv4');
    }
  }
  return (address) => {
    const a = normalise(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client's address: walk from the socket peer back through X-Forwarded-For while each hop is a trusted
 * proxy; the first untrusted address is the client. The same rule as Express's `req.ip` (proxy-addr), so the
 * Express routes (which get this function as `trust proxy`), the fast paths and the WebSocket upgrade agree.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  const peer = normalise(req.socket.remoteAddress ?? 'unknown');
  if (!trust(peer, 0)) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',').map((s) => s.trim()).filter(Boolean).reverse();
  let client = peer;
  for (let i = 0; i < forwarded.length; i++) {
    client = normalise(forwarded[i]!);
    if (!trust(client, i + 1)) break;
  }
  return client;
}
