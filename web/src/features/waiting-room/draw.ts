// A faithful browser port of waiting-room/src/prequeue-shuffle.ts (spec: waiting-room/README.md, "The
// pre-queue shuffle"), on WebCrypto SHA-256, so a shopper can recompute the draw without trusting us.
// web/test/draw.unit.test.ts checks it against the server implementation on the same inputs.

const subtle = () => globalThis.crypto.subtle;

function seedBytes(seedHex: string): Uint8Array<ArrayBuffer> {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(seedHex)) throw new Error('seed must be a non-empty even-length hex string');
  const out = new Uint8Array(seedHex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(seedHex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const toHex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256(hex-decode(seed)) == the hash published when the drop was scheduled. */
export async function seedMatchesHash(seedHex: string, seedHash: string): Promise<boolean> {
  return toHex(await subtle().digest('SHA-256', seedBytes(seedHex))) === seedHash.toLowerCase();
}

/** block_c = SHA-256(seed ‖ uint64_be(c)), read as eight big-endian uint32s, for c = 0, 1, 2, … */
function randomStream(seed: Uint8Array) {
  let counter = 0n;
  let block = new DataView(new ArrayBuffer(0));
  let offset = 32;
  return async (): Promise<number> => {
    if (offset >= 32) {
      const input = new Uint8Array(seed.length + 8);
      input.set(seed, 0);
      new DataView(input.buffer).setBigUint64(seed.length, counter++, false);
      block = new DataView(await subtle().digest('SHA-256', input));
      offset = 0;
    }
    const r = block.getUint32(offset, false);
    offset += 4;
    return r;
  };
}

/** The pre-queue user ids in ticket order (ticket t = index t−1), exactly as the server drew them. */
export async function shufflePrequeue(seedHex: string, userIds: readonly number[]): Promise<number[]> {
  const seed = seedBytes(seedHex);
  const ids = [...userIds];
  if (ids.some((id) => !Number.isSafeInteger(id))) throw new Error('pre-queue user ids must be integers');
  ids.sort((a, b) => a - b);
  const next = randomStream(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const bound = i + 1;
    const limit = 2 ** 32 - (2 ** 32 % bound);
    let r = await next();
    while (r >= limit) r = await next();
    const j = r % bound;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids;
}
