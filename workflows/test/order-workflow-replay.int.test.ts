// Replays recorded order-workflow histories (workflows/test/fixtures, recorded from real runs with
// `npx tsx workers/test/orders/record-order-histories.ts`) against the current code: a change that would
// break running orders fails here first.
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowsPath } from '../src';
import { loadHistory } from './support/load-history';

jest.setTimeout(60_000);

// The one-order workflow (kept registered until its in-flight orders drain) and the group-commit saga.
const FIXTURES = ['order-confirmed-history.json', 'order-declined-history.json', 'order-batch-history.json'];
const history = (name: string) => loadHistory(join(__dirname, 'fixtures', name));

describe('order workflow replay', () => {
  it('replays every recorded history against the current workflow code', async () => {
    const results = Worker.runReplayHistories(
      { workflowsPath },
      FIXTURES.map((name) => ({ workflowId: name, history: history(name) })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(replayed).toBe(FIXTURES.length);
    expect(failures).toEqual([]);
  });

  it('catches a non-deterministic change (activities reordered)', async () => {
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('./fixtures/changed-order-workflow') }, history(FIXTURES[0]!)),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
