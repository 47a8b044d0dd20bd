// The Temporal floor of the order bench: a trivial workflow with one local activity, started and run the same
// way as an order saga on the same server. Bench-only (its own task queue, never in the production bundle).
import { proxyLocalActivities } from '@temporalio/workflow';

const { noop } = proxyLocalActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

export async function floorWorkflow(): Promise<void> {
  await noop();
}
