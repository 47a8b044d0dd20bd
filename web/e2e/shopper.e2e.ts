import { randomUUID } from 'node:crypto';
import { PASSWORD } from './api';
import { expect, numberIn, test } from './fixtures';

const BOTS = 29;

test('shopper: sign up, follow, drop-started alert, pre-queue, live position, reload, admitted, one order from a double click, confirmed, in My orders', async ({ api, browser, openPage }) => {
  const creator = await api.signup('creator', `Studio ${randomUUID().slice(0, 4)}`);
  const ops = await api.opsAccount();
  const productId = await api.product(creator, 'Numbered Print');

  const context = await browser.newContext();
  const page = await openPage(context, 'shopper');

  // Sign up through the form.
  const email = `e2e-ui-${randomUUID().slice(0, 8)}@livedrop.test`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Ada Shopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();

  // Follow the creator from their page.
  await page.goto(`/creators/${creator.id}`);
  await page.getByRole('button', { name: `Follow ${creator.displayName}` }).click();
  await expect(page.getByRole('button', { name: `Following ${creator.displayName}` })).toHaveAttribute('aria-pressed', 'true');

  // The drop: admission held by ops until everyone has a drawn ticket, so the place can be checked across a reload.
  const dropId = await api.drop(creator, productId, { startsInS: 20, stock: 50, perUserLimit: 2, rate: 3 });
  await api.ops(dropId, ops, 'pause');
  await page.goto(`/drops/${dropId}`);
  await expect(page.getByRole('heading', { name: 'Numbered Print' })).toBeVisible();
  await page.getByText('How the fair draw works').click();
  await expect(page.getByText('places are drawn at random')).toBeVisible();
  await page.getByRole('button', { name: 'Join the pre-queue' }).click();
  await expect(page.getByRole('heading', { name: 'You’re in the pre-queue' })).toBeVisible();

  // Other shoppers join the pre-queue too.
  const bots = await Promise.all(Array.from({ length: BOTS }, () => api.signup('shopper')));
  await Promise.all(bots.map((b) => api.join(dropId, b)));

  // The start: the follower's bell lights up without a reload, and the draw gives a place in line.
  await expect(page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible({ timeout: 45_000 });
  await page.getByRole('button', { name: /Notifications, \d+ unread/ }).click();
  await expect(page.getByRole('region', { name: 'Latest notifications' }).getByText('Numbered Print has started')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: 'You’re in line' })).toBeVisible();
  const start = await numberIn(page, 'queue-position');
  expect(start).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('last-updated')).toContainText('live');

  // Reload: same place (one ticket per account).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'You’re in line' })).toBeVisible();
  await expect(page.getByTestId('queue-position')).toHaveText(String(start));

  // A second tab shows the same place (same account, same ticket).
  const second = await openPage(context, 'second-tab');
  await second.goto(`/drops/${dropId}`);
  await expect(second.getByTestId('queue-position')).toHaveText(String(start));
  await second.close();

  // The draw is checked in the browser from the revealed seed.
  await page.getByText('Verify the draw').click();
  await page.getByRole('button', { name: 'Recompute my ticket in this browser' }).click();
  await expect(page.getByText('✔ The seed matches the hash published before the start.')).toBeVisible();
  await expect(page.getByText(`✔ Recomputed ticket #`)).toBeVisible();

  // Ops let people in: the place falls with the pushed ticks until it is our turn.
  await api.ops(dropId, ops, 'resume');
  // The draw is random: with 30 in the pre-queue this shopper is first (nobody ahead, nothing to fall) in 1 run of
  // 30; the place is then 1 → admitted, which the next step checks.
  if (start > 1) {
    await expect.poll(() => numberIn(page, 'queue-position').catch(() => 0), { timeout: 30_000 }).toBeLessThan(start);
  }
  await expect(page.getByRole('heading', { name: 'It’s your turn' })).toBeVisible({ timeout: 60_000 });

  // A double click on Buy makes exactly one order.
  await page.getByRole('button', { name: 'Buy now' }).dblclick();
  await expect(page.getByText(/Order confirmed/)).toBeVisible({ timeout: 30_000 });
  const me = await api.login(email);
  const orders = (await api.myOrders(me.token)).items.filter((o) => o.dropId === dropId);
  expect(orders.map((o) => o.status)).toEqual(['confirmed']);

  // The bell tells about the confirmation; My orders lists it.
  await expect(page.getByRole('button', { name: /Notifications, \d+ unread/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My orders' }).click();
  await expect(page.getByRole('heading', { name: 'My orders' })).toBeVisible();
  const row = page.getByRole('listitem').filter({ hasText: `Drop #${dropId}` });
  await expect(row.getByText('Confirmed')).toBeVisible();
  await context.close();
});
