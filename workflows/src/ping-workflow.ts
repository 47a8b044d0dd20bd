import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from './activity-types';

const { echo } = proxyActivities<Activities>({ startToCloseTimeout: '10 seconds' });

/** Proves the worker, task queue and activities are wired: the foundation's end-to-end check. */
export async function pingWorkflow(message: string): Promise<string> {
  const echoed = await echo(message);
  return `pong: ${echoed}`;
}
