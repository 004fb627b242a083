// What the specs share, mirroring cujo's journey language (docs/journeys.md): `${unique}` per
// attempt, `uses: [login]`, `wait_until: load` after an action that navigates (cujo's default),
// and the `no_js_exceptions` check (uncaught exceptions since the test started).
import { test as base, expect, type Page } from '@playwright/test';

export { expect };

export const test = base.extend<{ unique: string; jsExceptions: Error[] }>({
  unique: async ({}, use, testInfo) => {
    await use(`pw-${process.pid}-${Date.now().toString(36)}-${testInfo.repeatEachIndex}`);
  },
  jsExceptions: async ({ page }, use) => {
    const errors: Error[] = [];
    page.on('pageerror', (e) => errors.push(e));
    await use(errors);
  },
});

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

// cujo waits for the `load` of a document that a click or key press started (wait_until: load).
export async function click(page: Page, selector: string): Promise<void> {
  await page.locator(selector).click();
  await page.waitForLoadState('load');
}

export async function press(page: Page, selector: string, keys: string): Promise<void> {
  await page.locator(selector).press(keys);
  await page.waitForLoadState('load');
}

// journeys/mediawiki/login.yaml
export async function login(page: Page): Promise<void> {
  const user = env('CUJO_WIKI_USER');
  await page.goto('/wiki/Special:UserLogin');
  await page.locator('#wpName1').fill(user);
  await page.locator('#wpPassword1').fill(env('CUJO_WIKI_PASSWORD'));
  await click(page, '#wpLoginAttempt');
  await expect(page.locator('#pt-userpage a')).toHaveText(user);
  await expect(page.locator('#pt-logout a')).toBeVisible();
}

export function escapeRegExp(s: string): RegExp {
  return new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
