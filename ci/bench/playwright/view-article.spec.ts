// journeys/mediawiki/view-article.yaml (quick)
import { test, expect } from './wiki';

test('view-article', { tag: '@quick' }, async ({ page, jsExceptions }) => {
  await page.goto('/wiki/Quillfeather_Heron');
  await expect(page.locator('#firstHeading')).toHaveText('Quillfeather Heron');
  await expect(page).toHaveTitle('Quillfeather Heron - Vellmark Wiki');
  await expect(page.locator('table.infobox')).toContainText('Ardea vellmarkensis');
  await expect(
    page.locator('#mw-content-text h2 .mw-headline').filter({ hasText: /^Conservation$/ }).first(),
  ).toBeVisible();
  await expect(page.locator('#catlinks')).toContainText('Birds of the Vellmark');
  expect(jsExceptions).toEqual([]);
});
