import { PASSWORD } from './api';
import { expect, logIn, test } from './fixtures';

test('two shoppers, one unit: one confirmed, the other told “sold out” without reloading', async ({ api, browser, openPage }) => {
  const creator = await api.signup('creator');
  const productId = await api.product(creator, 'Last One Sneaker');
  const [ann, ben] = await Promise.all([api.signup('shopper', 'Ann'), api.signup('shopper', 'Ben')]);
  const dropId = await api.drop(creator, productId, { startsInS: 15, stock: 1, perUserLimit: 1, rate: 5 });

  // Ann on a desktop, Ben on a 360 px phone.
  const pages = await Promise.all([ann, ben].map(async (who, i) => {
    const context = await browser.newContext(i === 1 ? { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true } : {});
    const page = await openPage(context, who.displayName);
    await logIn(page, who.email, PASSWORD);
    await page.goto(`/drops/${dropId}`);
    await page.getByRole('button', { name: 'Join the pre-queue' }).click();
    await expect(page.getByRole('heading', { name: 'You’re in the pre-queue' })).toBeVisible();
    return page;
  }));

  // One unit: the controller admits exactly one of them.
  const turn = (p: (typeof pages)[number]) => p.getByRole('heading', { name: 'It’s your turn' });
  await expect.poll(async () => (await turn(pages[0]!).isVisible()) || (await turn(pages[1]!).isVisible()), { timeout: 45_000 }).toBe(true);
  const buyerIndex = (await turn(pages[0]!).isVisible()) ? 0 : 1;
  const buyer = pages[buyerIndex]!;
  const other = pages[1 - buyerIndex]!;
  await expect(other.getByRole('heading', { name: 'You’re in line' })).toBeVisible();

  await buyer.getByRole('button', { name: 'Buy now' }).click();
  await expect(buyer.getByText(/Order confirmed/)).toBeVisible({ timeout: 30_000 });
  // The other shopper learns it from the push: no reload.
  await expect(other.getByRole('heading', { name: 'Sold out' })).toBeVisible({ timeout: 15_000 });
  await expect(other.getByRole('button', { name: 'Tell me if units return' })).toBeVisible();
  await other.getByRole('button', { name: 'Tell me if units return' }).click();
  await expect(other.getByRole('button', { name: /You’ll be told if units return/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(other.getByTestId('stock-left')).toHaveText('0 of 1');
});
