/**
 * Import: choosing and dropping export files, what the summary says about them (counts,
 * problems located by file and line, the chart), and cancelling a long import.
 */
import path from 'node:path';

import { expect, test } from '../harness/app-fixture.js';
import { exportedMessages } from '../harness/export-facts.js';
import { copyFixtures, DEFECT_SAMPLE, FIXTURE_COUNT, writeSample } from '../harness/inputs.js';
import { HistoryPage } from '../pages/history-page.js';
import { ImportPage } from '../pages/import-page.js';
import { MessagesPage } from '../pages/messages-page.js';

test('imports chosen files and shows what is in them', async ({ app }) => {
  const file = copyFixtures(app.dir, 'export.jsonl');
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();
  await expect(importPage.empty).toBeVisible();
  await app.screenshot('import-empty-zh');

  app.pickNext([file]);
  await importPage.importAndWait(() => importPage.chooseFiles());

  await expect(importPage.summary).toContainText('export.jsonl');
  expect(await importPage.figure('total')).toBe(FIXTURE_COUNT);
  expect(await importPage.figure('valid')).toBe(FIXTURE_COUNT);
  expect(await importPage.figure('invalid')).toBe(0);
  // Every type of the fixtures is one message; the names are the people's words.
  const byType = await importPage.countsByType();
  expect(byType['文本']).toBe(1);
  expect(byType['音视频通话']).toBe(1);
  expect(Object.values(byType).reduce((sum, count) => sum + count, 0)).toBe(FIXTURE_COUNT);
  // The range names its zone, as every standalone time does.
  await expect(importPage.timeRange()).toContainText('2019-01-10 10:38:14 UTC+08:00');
  await expect(importPage.chart).toBeVisible();
  await expect(importPage.chart.locator('rect').first()).toBeAttached();
  await expect(importPage.empty).toHaveCount(0);
  expect(await importPage.app.badge('eligible')).toBe(FIXTURE_COUNT);
  await app.screenshot('import-summary-zh');
});

test('imports dropped files and locates every problem by file and line', async ({ app }) => {
  const fixtures = copyFixtures(app.dir);
  const sample = await writeSample(path.join(app.dir, 'sample.jsonl'), DEFECT_SAMPLE);
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();
  await app.allowDrops({ 'wecom-messages.jsonl': fixtures, 'sample.jsonl': sample });

  await importPage.importAndWait(() =>
    importPage.dropFiles([{ name: 'wecom-messages.jsonl' }, { name: 'sample.jsonl' }]),
  );

  await expect(importPage.summary.locator('.summary-files li')).toHaveCount(2);
  // 29 fixtures + 2,000 generated messages, 5 of them written twice and 5 copied with other
  // content; 5 broken lines, 5 without a sender, 5 with a bad tolist; 5 of an unknown type.
  expect(await importPage.figure('total')).toBe(FIXTURE_COUNT + 2010);
  expect(await importPage.figure('duplicates')).toBe(5);
  expect(await importPage.figure('conflicts')).toBe(5);
  expect(await importPage.figure('invalid')).toBe(15);
  expect(await importPage.figure('unsupported')).toBe(5);
  expect(await importPage.figure('warnings')).toBe(11);
  await expect(importPage.chart).toHaveAttribute('data-unit', /day|month/);

  // Each kind of problem is a group with a name; its examples name the file and the line.
  const broken = importPage.problemGroups.and(app.page.locator('[data-code="bad_json"]'));
  await expect(broken.locator('summary')).toContainText('行不是完整有效的 JSON');
  await expect(broken.locator('summary')).toContainText('5 处');
  await broken.locator('summary').click();
  await expect(broken.locator('.samples li').first()).toContainText('sample.jsonl 第 8 行demo7_');
  await expect(broken.locator('.samples li').first()).toContainText('第 8 行不完整');
  // The msgtime in seconds was repaired, and says so where it happened.
  const seconds = importPage.problemGroups.and(app.page.locator('[data-code="time_in_seconds"]'));
  await seconds.locator('summary').click();
  await expect(seconds.locator('.samples li').first()).toContainText('sample.jsonl 第 58 行');
  await expect(seconds.locator('.samples li').first()).toContainText('已乘以 1000');
  // The conflicting copy is reported where it is, and names where the first copy was.
  const conflict = importPage.problemGroups.and(app.page.locator('[data-code="conflict"]'));
  await conflict.locator('summary').click();
  await expect(conflict.locator('.samples li').first()).toContainText('sample.jsonl 第 360 行');
  await expect(conflict.locator('.samples li').first()).toContainText('第 359 行导入过');
  // A missing field and a field of the wrong type are one kind, ten of them: five shown.
  const fields = importPage.problemGroups.and(app.page.locator('[data-code="invalid_type"]'));
  await fields.locator('summary').click();
  await expect(fields.locator('.samples li')).toHaveCount(5);
  await expect(fields.locator('.samples-more')).toContainText('另有 5 处');
  await app.screenshot('import-problems-zh');

  // "View messages with problems" opens Messages filtered to them.
  await importPage.summary.getByRole('button', { name: '查看有问题的消息' }).click();
  const messages = new MessagesPage(app.page);
  await expect(messages.table.table).toBeVisible();
  await expect(app.page.getByTestId('messages-filter-with-problems')).toBeChecked();
  expect(await messages.table.total()).toBeGreaterThan(0);
});

test('names dropped files whose place on disk is unknown', async ({ app }) => {
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();
  await importPage.dropFiles([{ name: 'somewhere.jsonl', content: '{}' }]);
  await expect(importPage.error).toContainText('somewhere.jsonl');
  await expect(importPage.job).toHaveCount(0);
});

test('cancels a running import of a large file and keeps what it stored', async ({ app }) => {
  const large = await writeSample(path.join(app.dir, 'large.jsonl'), { count: 300_000 });
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();

  app.pickNext([large]);
  await importPage.chooseFiles();
  await expect(importPage.job).toBeVisible();
  // Progress has moved: some bytes read, an ETA shown.
  await expect(importPage.page.getByTestId('import-eta')).toBeVisible();
  await expect
    .poll(async () =>
      Number(await importPage.files.first().getByRole('progressbar').getAttribute('aria-valuenow')),
    )
    .toBeGreaterThan(0);
  await app.screenshot('import-running-zh');

  await importPage.cancel();
  await importPage.waitForFinish();
  await expect(importPage.outcome).toHaveAttribute('data-tone', 'warn');
  expect(await importPage.fileStates()).toEqual(['cancelled']);

  const stored = app.service.countMessages({});
  expect(stored).toBeLessThan(300_000);
  await app.screenshot('import-cancelled-zh');

  const history = new HistoryPage(app.page);
  await history.open();
  const [row] = await history.importRows();
  expect(row?.[0]).toBe('large.jsonl');
  expect(row?.[3]).toBe('已取消');
});

// Regression: a record holding an integer above 2^53 (a seq, a meetingid) was read with every
// integer as a bigint, so its msgtime was stored as 0: it showed as 1970 and escaped the cutoff.
test('keeps the time of a message that also holds an integer above 2^53', async ({ app }) => {
  const file = await writeSample(path.join(app.dir, 'sample.jsonl'), DEFECT_SAMPLE);
  const huge = exportedMessages(file).find((message) => Number(message.raw['seq']) > 2 ** 53)!;
  await app.service.importAndWait([file]);
  await app.open();
  const messages = new MessagesPage(app.page);
  await messages.app.waitForReady();
  await messages.open();
  await messages.table.setTimeRange(
    toLocalInput(huge.msgtime - 60_000),
    toLocalInput(huge.msgtime + 60_000),
  );
  await expect(messages.table.rowByMsgid(huge.msgid)).toBeVisible({ timeout: 5_000 });
});

/** `YYYY-MM-DDTHH:mm` in Asia/Shanghai, as the time filter takes it. */
function toLocalInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}
