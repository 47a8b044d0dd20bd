import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger';

export type Redis = RedisClientType;

/**
 * Connects one client; reconnects with capped backoff so a Redis restart does not kill the process.
 * While disconnected, commands fail at once (ClientOfflineError → 503 redis_unavailable) instead of
 * queueing without bound: a request that waits for a Redis that is down only ties up the server.
 */
export async function createRedis(url: string, logger: Logger, name: string): Promise<Redis> {
  const client = createClient({
    url,
    name,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000), connectTimeout: 5000 },
  }) as unknown as Redis;
  client.on('error', (err: Error) => logger.warn({ err: err.message, client: name }, 'redis error'));
  await client.connect();
  return client;
}

/** The logical database the client SELECTs (from REDIS_URL's path). */
export function redisDatabase(client: Redis): number {
  return (client.options as { database?: number } | undefined)?.database ?? 0;
}

export async function closeRedis(client: Redis): Promise<void> {
  if (client.isOpen) await client.quit();
}
