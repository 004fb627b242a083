// journeys/mediawiki/missing-page.yaml (quick)
import { test, expect } from './wiki';

test('missing-page', { tag: '@quick' }, async ({ page, unique }) => {
  const response = await page.goto(`/wiki/No_such_page_${unique}`);
  expect(response?.status()).toBe(404);
  await expect(page.locator('.noarticletext')).toContainText('There is currently no text in this page');
  await expect(page.locator('#ca-edit a')).toBeVisible();
});
