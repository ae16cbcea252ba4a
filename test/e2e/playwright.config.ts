import { defineConfig } from '@playwright/test';

/**
 * Drives the built renderer in Debian's Chromium, with `window.archive` backed by the real
 * main-process handlers (see harness/). One worker: the machines running this have two cores
 * and every test owns a store and a sandbox.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: '../../test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    // Operators work in China; times on screen are shown in the operator's zone.
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-quic',
        '--no-first-run',
        '--disable-sync',
      ],
    },
    // A click that cannot happen fails in seconds, not at the end of the test's time.
    actionTimeout: 15_000,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
