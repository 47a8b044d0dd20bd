// Creator journey: a creator makes a product and schedules its drop in the studio; shoppers see it appear.
import { randomUUID } from 'node:crypto';
import { expect, logIn, test } from './fixtures';
import { PASSWORD } from './api';

/** `<input type="datetime-local">` value for a time `ms` from now, in the browser's (= this machine's) zone. */
function localInput(msFromNow: number): string {
  const d = new Date(Date.now() + msFromNow);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test('creator: create a product, schedule, reschedule and cancel its drop; shoppers see it appear', async ({ api, browser, openPage }) => {
  const creator = await api.signup('creator');
  const studio = await openPage(await browser.newContext(), 'creator');
  await logIn(studio, creator.email, PASSWORD);
  await studio.getByRole('link', { name: 'Studio' }).click();
  await expect(studio.getByRole('heading', { name: 'Your drops' })).toBeVisible();

  // A product, with the mistakes a person makes first explained before anything is sent.
  await studio.getByRole('link', { name: 'New product' }).click();
  const title = `Studio Jacket ${randomUUID().slice(0, 6)}`;
  await studio.getByLabel('Title').fill(title);
  await studio.getByLabel('Price').fill('12,5x');
  await studio.getByLabel(/Media URLs/).fill('http://not-https.example.com/a.jpg');
  await studio.getByRole('button', { name: 'Create product' }).click();
  await expect(studio.getByText('Enter a price above 0, like 49.90.')).toBeVisible();
  await expect(studio.getByText('Each line must be one https:// URL.')).toBeVisible();
  await studio.getByLabel('Price').fill('89.90');
  await studio.getByLabel('Currency').selectOption('EUR');
  await studio.getByLabel('Description').fill('Waxed cotton, made in a browser test.');
  await studio.getByLabel(/Media URLs/).fill('https://cdn.example.com/e2e/jacket.jpg');
  await studio.getByRole('button', { name: 'Create product' }).click();
  await expect(studio.getByRole('heading', { name: `Edit “${title}”` })).toBeVisible();
  await expect(studio.getByText('Saved.')).toBeVisible();

  // Schedule its drop an hour from now.
  await studio.getByRole('link', { name: 'Schedule a drop' }).click();
  await expect(studio.getByLabel('Product')).toHaveValue(/\d+/);
  await studio.getByLabel('Starts').fill(localInput(3600_000));
  await studio.getByLabel('Ends').fill(localInput(2 * 3600_000));
  await studio.getByLabel('Stock (units)').fill('50');
  await studio.getByLabel('Per-person limit').fill('2');
  await studio.getByLabel(/Starting admission rate/).fill('25');
  await studio.getByRole('button', { name: 'Schedule drop' }).click();
  await expect(studio.getByRole('heading', { name: new RegExp(`Drop #\\d+ · ${title}`) })).toBeVisible();
  const dropId = Number(/\/creator\/drops\/(\d+)/.exec(studio.url())![1]);
  await expect(studio.getByText('scheduled', { exact: true })).toBeVisible();
  await expect(studio.getByTestId('live-stock')).toHaveText('not on sale yet');

  // Shoppers see it appear among the upcoming drops.
  const shopper = await api.signup('shopper');
  const visitor = await openPage(await browser.newContext(), 'shopper');
  await logIn(visitor, shopper.email, PASSWORD);
  await expect(async () => {
    await visitor.goto('/');
    await expect(visitor.getByText(title)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });

  // Reschedule before the start: more stock, and the API now holds the change.
  await studio.getByLabel('Stock (units)').fill('60');
  await studio.getByRole('button', { name: 'Save schedule' }).click();
  await expect(studio.getByText('Schedule saved.')).toBeVisible();
  await expect.poll(async () => (await api.call<{ totalStock: number }>('GET', `/drops/${dropId}`, undefined, creator.token)).totalStock)
    .toBe(60);

  // Cancel it (confirmed in a dialog): the status follows within moments.
  await studio.getByRole('button', { name: 'Cancel drop' }).click();
  await studio.getByRole('dialog', { name: 'Cancel this drop?' }).getByRole('button', { name: 'Cancel the drop' }).click();
  await expect(studio.getByText('Cancellation requested')).toBeVisible();
  await expect(studio.getByText('cancelled', { exact: true })).toBeVisible({ timeout: 20_000 });
});
