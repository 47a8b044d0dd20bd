import { Queue } from 'bullmq';
import { bullConnection, QUEUES } from '@livedrop/common';

/** Removes every queue a test created under its own BullMQ prefix (after its workers are closed). */
export async function obliterateQueues(redisUrl: string, prefix: string): Promise<void> {
  for (const name of Object.values(QUEUES)) {
    const queue = new Queue(name, { connection: bullConnection(redisUrl), prefix });
    await queue.obliterate({ force: true });
    await queue.close();
  }
}
