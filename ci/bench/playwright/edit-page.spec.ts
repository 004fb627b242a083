// journeys/mediawiki/edit-page.yaml (slow; uses login)
import { test, expect, click, login } from './wiki';

test('edit-page', { tag: '@slow' }, async ({ page, unique }) => {
  await login(page);
  const title = `Cujo edit ${unique}`;
  await page.goto(`/w/index.php?title=${encodeURIComponent(title)}&action=edit`);
  await page.locator('#wpTextbox1').fill(`Written by cujo: ${unique}. See [[Saltmere]].`);
  await page.locator('#wpSummary').fill(`cujo edit ${unique}`);
  await click(page, '#wpSave');
  await expect(page.locator('#firstHeading')).toHaveText(title);
  await expect(page.locator('#mw-content-text .mw-parser-output')).toContainText(
    `Written by cujo: ${unique}`,
  );
  await page.goto(`/w/index.php?title=${encodeURIComponent(title)}&action=history`);
  await expect(page.locator('#pagehistory li')).toHaveCount(1);
  await expect(page.locator('#pagehistory .comment')).toContainText(`cujo edit ${unique}`);
});
