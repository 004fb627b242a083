// journeys/mediawiki/search-go.yaml (quick)
import { test, expect, click, escapeRegExp } from './wiki';

test('search-go', { tag: '@quick' }, async ({ page }) => {
  await page.goto('/wiki/Main_Page');
  await page.locator('#searchInput').fill('Saltmere Tern');
  await click(page, '#searchButton');
  await expect(page.locator('#firstHeading')).toHaveText('Saltmere Tern');
  await expect(page).toHaveURL(escapeRegExp('/wiki/Saltmere_Tern'));
});
