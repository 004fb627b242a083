// journeys/mediawiki/preview-edit.yaml (slow)
import { test, expect, click } from './wiki';

test('preview-edit', { tag: '@slow' }, async ({ page, unique }) => {
  await page.goto('/w/index.php?title=Sandbox&action=edit');
  await page.locator('#wpTextbox1').fill(`Preview only: ${unique}`);
  await click(page, '#wpPreview');
  await expect(page.locator('#wikiPreview')).toContainText(`Preview only: ${unique}`);
  await expect(page.locator('.previewnote')).toBeVisible();
  await page.goto('/wiki/Sandbox');
  expect(
    await page.evaluate(
      (u) => !(document.querySelector('#mw-content-text') as HTMLElement).innerText.includes(u),
      unique,
    ),
  ).toBe(true);
});
