// journeys/mediawiki/recent-changes.yaml (slow; uses login)
import { test, expect, click, login } from './wiki';

test('recent-changes', { tag: '@slow' }, async ({ page, unique }) => {
  await login(page);
  await page.goto(`/w/index.php?title=Cujo_rc_${unique}&action=edit`);
  await page.locator('#wpTextbox1').fill(`Recent changes probe ${unique}.`);
  await page.locator('#wpSummary').fill(`cujo rc ${unique}`);
  await click(page, '#wpSave');
  await page.goto('/w/index.php?title=Special:RecentChanges&days=1&limit=100&enhanced=0');
  await expect(page.locator('.mw-changeslist').filter({ hasText: `cujo rc ${unique}` }).first()).toBeVisible();
});
