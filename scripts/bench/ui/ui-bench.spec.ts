/**
 * Figure 5: with a large store, changing a filter shows the first rows within 3× the time it
 * takes on a small one; scrolling through 100,000 rows causes no long task that blocks the
 * renderer for more than a few frames. Timings are taken inside the page (performance.now and
 * the Long Tasks API), from the click to the frame that shows the new rows.
 *
 * Writes its figures to the file named by BENCH_UI_OUT; `npm run bench` runs and reads it.
 */
import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import path from 'node:path';

import { test } from '../../../test/e2e/harness/app-fixture.js';
import { writeSample } from '../../../test/e2e/harness/inputs.js';
import { MessagesPage } from '../../../test/e2e/pages/messages-page.js';

const quick = process.env['BENCH_QUICK'] === '1';
const SMALL = quick ? 1_000 : 10_000;
const LARGE = quick ? 20_000 : 1_000_000;
const SCROLL_ROWS = quick ? 5_000 : 100_000;
const REPEATS = 3;

interface FilterTiming {
  status: number[];
  type: number[];
}

/** Clicks a control and resolves with the ms until rows matching `attribute=value` show. */
async function timeToRows(
  page: Page,
  selector: string,
  attribute: string,
  value: string,
): Promise<number> {
  return page.evaluate(
    ({ selector, attribute, value }) =>
      new Promise<number>((resolve) => {
        const control = document.querySelector<HTMLElement>(selector)!;
        const started = performance.now();
        control.click();
        const check = () => {
          const row = document.querySelector('[data-testid="message-row"]');
          const loading = document.querySelector(
            '[data-testid="message-row"][data-loading="true"]',
          );
          if (row && !loading && row.getAttribute(attribute) === value)
            resolve(performance.now() - started);
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    { selector, attribute, value },
  );
}

async function filterTimings(page: Page): Promise<FilterTiming> {
  const timing: FilterTiming = { status: [], type: [] };
  const picker = '[data-testid="messages-filter-types"]';
  for (let round = 0; round < REPEATS; round += 1) {
    timing.status.push(
      await timeToRows(
        page,
        '[data-testid="messages-filter-status-invalid"]',
        'data-status',
        'invalid',
      ),
    );
    await page.locator('[data-testid="messages-filter-status-invalid"]').click();
    await page.locator(`${picker} summary`).click();
    timing.type.push(
      await timeToRows(
        page,
        '[data-testid="messages-filter-types-image"]',
        'data-msgtype',
        'image',
      ),
    );
    await page.locator('[data-testid="messages-filter-types-image"]').uncheck();
    await page.locator(`${picker} summary`).click();
    await page.waitForTimeout(300);
  }
  return timing;
}

/** Scrolls the table through `rows` rows, one screenful a frame; returns the long tasks seen. */
async function scrollLongTasks(
  page: Page,
  rows: number,
): Promise<{ longest: number; count: number; frames: number; ms: number }> {
  return page.evaluate(
    (rows) =>
      new Promise((resolve) => {
        const tasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const body = document.querySelector<HTMLElement>(
          '[data-testid="messages-table"] .table-body',
        )!;
        const row = document.querySelector<HTMLElement>('[data-testid="message-row"]')!;
        const rowHeight = row.getBoundingClientRect().height;
        const step = body.clientHeight;
        const distance = rows * rowHeight;
        const started = performance.now();
        let travelled = 0;
        let frames = 0;
        const tick = () => {
          frames += 1;
          travelled += step;
          body.scrollTop += step;
          if (travelled < distance) requestAnimationFrame(tick);
          else
            setTimeout(() => {
              observer.disconnect();
              resolve({
                longest: Math.max(0, ...tasks),
                count: tasks.length,
                frames,
                ms: performance.now() - started,
              });
            }, 500);
        };
        requestAnimationFrame(tick);
      }),
    rows,
  );
}

const results: Record<string, unknown> = {};

test.afterAll(() => {
  const out = process.env['BENCH_UI_OUT'];
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
});

for (const size of [SMALL, LARGE] as const) {
  test.describe(`${size} messages`, () => {
    if (size === 1_000_000) test.use({ seed: 'million' });

    test(`filters and scrolls ${size.toLocaleString('en-US')} messages`, async ({ app }) => {
      if (size !== 1_000_000) {
        const file = await writeSample(path.join(app.dir, 'export.jsonl'), {
          count: size,
          defects: true,
          days: 365,
          seed: size,
        });
        await app.service.importAndWait([file]);
      }
      await app.open();
      const messages = new MessagesPage(app.page);
      await messages.app.waitForReady();
      await messages.open();
      await messages.table.waitForRows();
      const filters = await filterTimings(app.page);
      await messages.table.waitForRows();
      const scroll = await scrollLongTasks(app.page, Math.min(SCROLL_ROWS, size));
      results[String(size)] = { filters, scroll, stored: app.service.countMessages({}) };
    });
  });
}
