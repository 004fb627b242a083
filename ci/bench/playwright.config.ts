// The peer cujo is measured against: the bundled MediaWiki journeys (journeys/mediawiki/*.yaml)
// as Playwright Test specs, on the same Debian Chromium binary as cujo with the same class of
// flags as cujo's launcher (cdp/browser.cc). Driven by ci/bench/run_bench.py; never downloads a
// browser. Env: CUJO_WIKI_URL (base URL), BENCH_CHROMIUM (the browser binary: run_bench.py gives
// both tools the same one), BENCH_WORKERS (parallel browsers), BENCH_PW_JSON (JSON report path),
// BENCH_PW_OUT (outputDir for screenshots and per-test files).
import { defineConfig } from '@playwright/test';

// Chromium keeps only the last --disable-features on its command line, and Playwright puts its
// own list before these args: so the one below repeats Playwright 1.65.1's list (its
// chromiumSwitches; package.json pins the version) and adds cujo's (cdp/browser.cc).
const playwrightDisabledFeatures = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding',
  'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled',
  'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];
const cujoDisabledFeatures = [
  'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup',
  'SpareRendererForSitePerProcess',
];

export default defineConfig({
  testDir: './playwright',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: Number(process.env.BENCH_WORKERS || 1),
  retries: 0,
  outputDir: process.env.BENCH_PW_OUT || 'test-results',
  reporter: process.env.BENCH_PW_JSON
    ? [['json', { outputFile: process.env.BENCH_PW_JSON }], ['dot']]
    : [['list']],
  // cujo's defaults: 60 s per journey attempt, 10 s per step (playwright: per assertion/action).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.CUJO_WIKI_URL,
    viewport: { width: 1280, height: 900 },
    actionTimeout: 10_000,
    navigationTimeout: 10_000,
    trace: 'off',
    screenshot: 'off',
    video: 'off',
    headless: true,
    launchOptions: {
      executablePath: process.env.BENCH_CHROMIUM || '/usr/lib/chromium/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--disable-breakpad',
        '--mute-audio',
        '--enable-logging=stderr',
        '--log-level=3',
        `--disable-features=${[...playwrightDisabledFeatures, ...cujoDisabledFeatures].join(',')}`,
      ],
    },
  },
});
