// journeys/mediawiki/mobile-view.yaml (slow; viewport: mobile, cujo's preset)
import { test, expect } from './wiki';

test.use({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/126.0.0.0 Mobile Safari/537.36',
});

test('mobile-view', { tag: '@slow' }, async ({ page }, testInfo) => {
  await page.goto('/wiki/Ostravine_River');
  await expect(page.locator('#firstHeading')).toHaveText('Ostravine River');
  expect(
    await page.evaluate(() => [
      screen.width,
      navigator.userAgent.includes('Mobile'),
      navigator.maxTouchPoints > 0,
    ]),
  ).toEqual([390, true, true]);
  await expect(page.locator('table.infobox')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('article.png') });
});
