// journeys/mediawiki/view-main-page.yaml (quick)
import { test, expect } from './wiki';

test('view-main-page', { tag: '@quick' }, async ({ page, jsExceptions }) => {
  await page.goto('/wiki/Main_Page');
  await expect(page.locator('#firstHeading')).toHaveText('Main Page');
  await expect(page.locator('#mw-content-text .mw-parser-output')).toContainText(
    'Welcome to the Vellmark Wiki',
  );
  await expect(page.locator('#n-mainpage-description a')).toBeVisible();
  await expect(page.locator('#searchInput')).toBeVisible();
  expect(jsExceptions).toEqual([]);
});
