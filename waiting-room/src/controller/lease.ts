import { dropKeys, type Redis } from '@livedrop/common';
import { queueScripts } from '../lua/scripts';

/**
 * Takes or renews the per-drop controller lease. Several controllers may run (for availability); only the
 * holder admits for a drop, and a dead holder's lease lapses after `leaseMs` so another one takes over.
 */
export async function holdDropLease(redis: Redis, dropId: number, owner: string, leaseMs: number): Promise<boolean> {
  return (await queueScripts()(redis, 'lease', [dropKeys(dropId).controllerLock], [owner, leaseMs])) === 1;
}
