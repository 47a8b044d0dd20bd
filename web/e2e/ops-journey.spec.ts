// Ops journey: an operator steers a live drop from the console while a shopper waits in another browser.
import { expect, test } from './support/webops-fixtures';
import { etaSeconds, scheduleDrop, waitLive } from './support/webops-drops';

test('ops raise the rate, pause, resume and drain; the waiting shopper sees it and the audit log records it', async ({ api, openAs, consoleErrors }) => {
  const creator = await api.signup('creator');
  const ops = await api.ops();
  const { dropId, title } = await scheduleDrop(api, creator, { startsInMs: 8_000, rate: 1 });
  // A crowd in the pre-queue, so the shopper in the browser has people ahead of them.
  const crowd = await Promise.all(Array.from({ length: 30 }, () => api.signup('shopper')));
  for (const s of crowd) await api.call('POST', `/drops/${dropId}/queue`, undefined, s.accessToken);

  const console_ = await openAs(ops);
  await console_.goto(`/ops?drop=${dropId}`);
  const panel = console_.getByRole('region', { name: new RegExp(`#${dropId} `) });
  await expect(panel).toBeVisible();
  await waitLive(api, dropId);

  // Slow the queue down before the shopper joins, so the wait is long enough to watch.
  await panel.getByLabel('Rate per second').fill('0.2');
  await panel.getByRole('button', { name: 'Set rate' }).click();
  await expect(panel.getByText('Rate set to 0.2/s')).toBeVisible();

  const shopper = await api.signup('shopper');
  const room = await openAs(shopper);
  await room.goto(`/drops/${dropId}`);
  await room.getByRole('button', { name: 'Join the queue' }).click();
  const eta = room.getByTestId('queue-eta');
  await expect.poll(async () => etaSeconds(await eta.textContent())).toBeGreaterThan(60);
  const slowEta = etaSeconds(await eta.textContent());

  // Raise the rate with the slider's partner field: the shopper's ETA shrinks on the next pushed tick.
  await panel.getByLabel('Rate per second').fill('2');
  await panel.getByRole('button', { name: 'Set rate' }).click();
  await expect.poll(async () => etaSeconds(await eta.textContent()), { intervals: [100] }).toBeLessThan(slowEta / 4);

  // Pause (confirmed in a dialog): no more admissions, the shopper is told and keeps the place.
  await panel.getByRole('button', { name: 'Pause' }).click();
  const dialog = console_.getByRole('dialog', { name: 'Pause admission?' });
  await dialog.getByRole('button', { name: 'Pause admission' }).click();
  await expect(panel.getByTestId('bound-by')).toHaveText('Paused by ops');
  await expect(room.getByText('Admission is paused for a moment')).toBeVisible();
  await expect(eta).toHaveText('paused');
  const pausedAt = await room.getByTestId('queue-position').textContent();
  // Three more pushed ticks reach the shopper while paused: the place does not move.
  const updated = room.getByTestId('last-updated');
  for (let i = 0; i < 3; i++) {
    const before = await updated.textContent();
    await expect(updated).not.toHaveText(before!);
    await expect(room.getByTestId('queue-position')).toHaveText(pausedAt!);
  }

  // Resume: admission continues and the shopper moves up.
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByTestId('bound-by')).not.toHaveText('Paused by ops');
  await expect.poll(async () => Number(await room.getByTestId('queue-position').textContent()), { timeout: 20_000 })
    .toBeLessThan(Number(pausedAt));

  // Drain (confirmed): nobody more is admitted and new joins are refused.
  await panel.getByRole('button', { name: 'Drain' }).click();
  await console_.getByRole('dialog', { name: 'Drain the queue?' }).getByRole('button', { name: 'Drain the queue' }).click();
  await expect(panel.getByTestId('bound-by')).toHaveText('Draining');
  const late = await api.signup('shopper');
  await expect(api.call('POST', `/drops/${dropId}/queue`, undefined, late.accessToken)).rejects.toThrow(/409.*queue_draining/);

  // The audit log shows every change, newest first, with who made it.
  const audit = panel.getByRole('region', { name: 'Audit log' }).getByRole('row');
  await expect(audit.nth(1)).toContainText('Drained');
  await expect(audit.nth(2)).toContainText('Resumed');
  await expect(audit.nth(3)).toContainText('Paused');
  await expect(audit.nth(4)).toContainText('0.2/s → 2/s');
  await expect(audit.nth(5)).toContainText('1/s → 0.2/s');
  await expect(audit.nth(1)).toContainText('E2E Ops');

  // Deeper views: the drop's workflow in the Temporal UI, and Bull Board (opened with the ops session cookie).
  await expect(panel.getByRole('link', { name: 'Drop workflow in Temporal UI' })).toHaveAttribute('href', new RegExp(`/workflows/drop-${dropId}$`));
  const [board] = await Promise.all([
    console_.waitForEvent('popup'), panel.getByRole('link', { name: 'BullMQ queues in Bull Board' }).click(),
  ]);
  await expect(board.getByText('LiveDrop queues')).toBeVisible();
  await board.close();

  // The console is live: the table lists the drop with the numbers a push just brought.
  await expect(console_.getByRole('table', { name: 'Scheduled and live drops' }).getByRole('row', { name: new RegExp(title) }))
    .toContainText('Draining');
  expect(consoleErrors('ops')).toEqual([]);
});
