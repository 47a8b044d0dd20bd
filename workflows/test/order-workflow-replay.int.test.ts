// Replays recorded order-workflow histories (workflows/test/fixtures, recorded from real runs with
// `npx tsx workers/test/orders/record-order-histories.ts`) against the current code: a change that would
// break running orders fails here first.
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { workflowsPath } from '../src';
import { loadHistory } from './support/load-history';

jest.setTimeout(60_000);

// The first two were recorded before the refund-unsold-charges patch (no marker: they replay on the old
// path, as orders in flight during a deploy do); the patched ones carry the marker and its new steps.
const FIXTURES = [
  'order-confirmed-history.json', 'order-declined-history.json',
  'order-patched-confirmed-history.json', 'order-patched-timeout-voided-history.json',
  // The group-commit saga (orderBatchWorkflow) that new orders run under; the one-order workflow above stays
  // registered until the orders it started have drained.
  'order-batch-history.json',
];
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
