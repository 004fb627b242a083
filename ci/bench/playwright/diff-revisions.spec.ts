// journeys/mediawiki/diff-revisions.yaml (slow; uses login)
import { test, expect, click, login } from './wiki';

test('diff-revisions', { tag: '@slow' }, async ({ page, unique }) => {
  await login(page);
  const title = `Cujo diff ${unique}`;
  const edit = `/w/index.php?title=${encodeURIComponent(title)}&action=edit`;
  await page.goto(edit);
  await page.locator('#wpTextbox1').fill('The first version says heron.');
  await click(page, '#wpSave');
  await expect(page.locator('#firstHeading')).toHaveText(title);
  await page.goto(edit);
  await page.locator('#wpTextbox1').fill('The second version says tern.');
  await click(page, '#wpSave');
  await page.goto(`/w/index.php?title=${encodeURIComponent(title)}&action=history`);
  await expect(page.locator('#pagehistory li')).toHaveCount(2);
  await click(page, "xpath=//*[@id='pagehistory']//a[text()='prev']");
  await expect(page.locator('.diff-deletedline').first()).toContainText('first version says heron');
  await expect(page.locator('.diff-addedline').first()).toContainText('second version says tern');
});
