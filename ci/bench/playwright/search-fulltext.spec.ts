// journeys/mediawiki/search-fulltext.yaml (quick)
import { test, expect, press, escapeRegExp } from './wiki';

test('search-fulltext', { tag: '@quick' }, async ({ page }) => {
  const word = 'trampled';
  await page.goto('/wiki/Main_Page');
  await page.locator('#searchInput').fill(word);
  await press(page, '#searchInput', 'Enter');
  await expect(page).toHaveURL(escapeRegExp(`search=${word}`));
  await expect(page.locator('#firstHeading')).toHaveText('Search results');
  // cujo's expect with text: some matching element has it.
  await expect(
    page.locator('.mw-search-result-heading a').filter({ hasText: /^Quillfeather Heron$/ }).first(),
  ).toBeVisible();
  await expect(page.locator('.searchmatch').filter({ hasText: word }).first()).toBeVisible();
});
