// journeys/mediawiki/watchlist.yaml (slow; uses login)
import type { Page } from '@playwright/test';
import { test, expect, click, login } from './wiki';

// The eval step before each click: the star works by script once its module is ready.
async function watchStarReady(page: Page): Promise<void> {
  expect(
    await page.evaluate(() =>
      new Promise((ready) => {
        const w = window as any;
        (w.RLQ = w.RLQ || []).push([['mediawiki.page.watch.ajax'], () => ready(true)]);
      }),
    ),
  ).toBe(true);
}

test('watchlist', { tag: '@slow' }, async ({ page, unique }) => {
  await login(page);
  const title = `Cujo watch ${unique}`;
  const article = `/wiki/${encodeURIComponent(title)}`;
  expect((await page.goto(article))?.status()).toBe(404);
  await watchStarReady(page);
  await click(page, '#ca-watch a');
  await expect(page.locator('#ca-unwatch')).toBeVisible();
  await page.goto('/wiki/Special:EditWatchlist');
  await expect(page.locator('#mw-content-text')).toContainText(title);
  expect((await page.goto(article))?.status()).toBe(404);
  await watchStarReady(page);
  await click(page, '#ca-unwatch a');
  await expect(page.locator('#ca-watch')).toBeVisible();
  await page.goto('/wiki/Special:EditWatchlist');
  expect(
    await page.evaluate(
      (t) => !(document.querySelector('#mw-content-text') as HTMLElement).innerText.includes(t),
      title,
    ),
  ).toBe(true);
});
