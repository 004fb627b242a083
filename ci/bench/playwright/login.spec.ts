// journeys/mediawiki/login.yaml (quick)
import { test, login } from './wiki';

test('login', { tag: '@quick' }, async ({ page }) => {
  await login(page);
});
