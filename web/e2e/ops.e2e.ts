// Ops journey: an operator steers a live drop from the console while a shopper waits in another browser context.
import { expect, logIn, numberIn, test } from './fixtures';
import { PASSWORD, type ApiClient } from './api';

/** "about 2 min 05 s" → 125; "any moment" → 0; anything else (paused, unknown) → NaN. */
function etaSeconds(text: string | null): number {
  if (!text) return NaN;
  if (/any moment/.test(text)) return 0;
  const m = /(?:(\d+) h)?\s*(?:(\d+) min)?\s*(?:(\d+) s)?/.exec(text.replace('about', '').trim());
  if (!m || (!m[1] && !m[2] && !m[3])) return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Until the public catalog shows the drop live (its lifecycle workflow moved it at the start). */
async function waitLive(api: ApiClient, dropId: number) {
  await expect.poll(async () => (await api.call<{ drop: { status: string } }>('GET', `/catalog/drops/${dropId}`)).drop.status,
    { timeout: 60_000, intervals: [250] }).toBe('live');
}

test('ops: raise the rate and the waiting shopper’s ETA shrinks; pause stops admission; resume; drain; all in the audit log', async ({ api, browser, openPage }) => {
  const creator = await api.signup('creator');
  const ops = await api.opsAccount();
  const title = `Ops Jacket ${Date.now().toString(36)}`;
  const dropId = await api.drop(creator, await api.product(creator, title), { startsInS: 8, stock: 100, rate: 1 });
  // A crowd in the pre-queue, so the shopper in the browser has people ahead.
  const crowd = await Promise.all(Array.from({ length: 30 }, () => api.signup('shopper')));
  for (const s of crowd) await api.join(dropId, s);

  const consolePage = await openPage(await browser.newContext(), 'ops');
  await logIn(consolePage, ops.email, PASSWORD);
  await consolePage.goto(`/ops?drop=${dropId}`);
  const panel = consolePage.getByRole('region', { name: new RegExp(`#${dropId} `) });
  await expect(panel).toBeVisible();
  await waitLive(api, dropId);

  // Slow the queue down before the shopper joins, so the wait is long enough to watch.
  await panel.getByLabel('Rate per second').fill('0.2');
  await panel.getByRole('button', { name: 'Set rate' }).click();
  await expect(panel.getByText('Rate set to 0.2/s')).toBeVisible();

  const shopper = await api.signup('shopper');
  const room = await openPage(await browser.newContext(), 'shopper');
  await logIn(room, shopper.email, PASSWORD);
  await room.goto(`/drops/${dropId}`);
  await room.getByRole('button', { name: 'Join the queue' }).click();
  const eta = room.getByTestId('queue-eta');
  await expect.poll(async () => etaSeconds(await eta.textContent())).toBeGreaterThan(60);
  const slowEta = etaSeconds(await eta.textContent());

  // Raise the rate: the shopper's ETA shrinks on the next pushed tick.
  await panel.getByLabel('Rate per second').fill('2');
  await panel.getByRole('button', { name: 'Set rate' }).click();
  await expect.poll(async () => etaSeconds(await eta.textContent()), { intervals: [100] }).toBeLessThan(slowEta / 4);

  // Pause (confirmed in a dialog): no more admissions; the shopper is told and keeps the place.
  await panel.getByRole('button', { name: 'Pause' }).click();
  await consolePage.getByRole('dialog', { name: 'Pause admission?' }).getByRole('button', { name: 'Pause admission' }).click();
  await expect(panel.getByTestId('bound-by')).toHaveText('Paused by ops');
  await expect(room.getByText('Admission is paused for a moment')).toBeVisible();
  await expect(eta).toHaveText('paused');
  const pausedAt = await numberIn(room, 'queue-position');
  // Three more pushed ticks reach the shopper while paused (the "last updated" time moves only with a tick,
  // unlike the "s ago" beside it): the place does not move.
  const stamp = async () => (await room.getByTestId('last-updated').textContent())?.split(' (')[0];
  for (let i = 0; i < 3; i++) {
    const before = await stamp();
    await expect.poll(stamp).not.toBe(before);
    expect(await numberIn(room, 'queue-position')).toBe(pausedAt);
  }

  // Resume: admission continues and the shopper moves up.
  await panel.getByRole('button', { name: 'Resume' }).click();
  await expect(panel.getByTestId('bound-by')).not.toHaveText('Paused by ops');
  await expect.poll(() => numberIn(room, 'queue-position'), { timeout: 20_000 }).toBeLessThan(pausedAt);

  // Drain (confirmed): nobody more is admitted and new joins are refused.
  await panel.getByRole('button', { name: 'Drain' }).click();
  await consolePage.getByRole('dialog', { name: 'Drain the queue?' }).getByRole('button', { name: 'Drain the queue' }).click();
  await expect(panel.getByTestId('bound-by')).toHaveText('Draining');
  await expect(api.join(dropId, await api.signup('shopper'))).rejects.toThrow(/409.*queue_draining/);

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
    consolePage.waitForEvent('popup'), panel.getByRole('link', { name: 'BullMQ queues in Bull Board' }).click(),
  ]);
  await expect(board.getByText('LiveDrop queues')).toBeVisible();
  await board.close();

  // The all-drops table is live too: the drop's row says what holds it.
  await expect(consolePage.getByRole('table', { name: 'Scheduled and live drops' }).getByRole('row', { name: new RegExp(title) }))
    .toContainText('Draining');
});
