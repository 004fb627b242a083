// journeys/mediawiki/logout.yaml (slow; uses login)
import { test, expect, click, login } from './wiki';

test('logout', { tag: '@slow' }, async ({ page }) => {
  await login(page);
  await click(page, '#pt-logout a');
  await expect(page.locator('#pt-login a')).toBeVisible();
  await expect(page.locator('#pt-userpage')).toHaveCount(0);
});
