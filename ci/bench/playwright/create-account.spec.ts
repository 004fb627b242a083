// journeys/mediawiki/create-account.yaml (slow)
import { test, expect, click } from './wiki';

test('create-account', { tag: '@slow' }, async ({ page, unique }) => {
  const user = `U${unique}`;
  const password = `Cujo-pass-${unique}`;
  await page.goto('/wiki/Special:CreateAccount');
  await page.locator('#wpName2').fill(user);
  await page.locator('#wpPassword2').fill(password);
  await page.locator('#wpRetype').fill(password);
  await click(page, '#wpCreateaccount');
  await expect(page.locator('#pt-userpage a')).toHaveText(user);
  await expect(page.locator('#firstHeading')).toContainText('Welcome');
});
