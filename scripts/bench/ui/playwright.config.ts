import { defineConfig } from '@playwright/test';

import base from '../../../test/e2e/playwright.config.js';

/** Figure 5 of the benchmark: the Messages screen, driven in Chromium like the browser tests. */
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'ui-bench.spec.ts',
  outputDir: '../../../test-results/bench-ui',
  timeout: 600_000,
  expect: { timeout: 120_000 },
});
