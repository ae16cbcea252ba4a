/**
 * Failed: messages the sandbox really refused (a whole call, and part of another), grouped by
 * reason; retrying a selection, a group and everything; exporting them as JSON Lines and CSV.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '../harness/app-fixture.js';
import { writeSample } from '../harness/inputs.js';
import { FailedPage } from '../pages/failed-page.js';
import { UploadPage } from '../pages/upload-page.js';

/** Three batches of 1000: the first refused whole (code 10001), half of the second listed as failed. */
const COUNT = 3000;
const REFUSED = 1000;
const LISTED = 500;

function exported(dir: string, extension: string): string {
  const name = readdirSync(dir).find((file) => file.endsWith(extension));
  if (!name) throw new Error(`No ${extension} file in ${dir}`);
  return readFileSync(path.join(dir, name), 'utf8');
}

test('failed messages: grouped by reason, retried, exported', async ({ app }) => {
  const file = await writeSample(path.join(app.dir, 'sample.jsonl'), { count: COUNT });
  await app.service.importAndWait([file]);
  // One attempt: a message the sandbox refuses fails at once instead of being tried again.
  app.settings({
    cutoffConfirmedNone: true,
    rate: { calls: 10, windowSeconds: 2 },
    maxAttempts: 1,
  });
  const sandbox = await app.service.ensureSandbox();
  sandbox.setFaults({
    systemError: { count: 1 },
    partialFailure: { count: 1, fraction: LISTED / 1000 },
  });

  await app.open();
  const upload = new UploadPage(app.page);
  await upload.app.waitForReady();
  await upload.open();
  await upload.start();
  await expect
    .poll(() => upload.progressCounts(), { timeout: 60_000 })
    .toEqual([COUNT - REFUSED - LISTED, REFUSED + LISTED, 0]);
  await upload.waitForPhase('idle');
  const rows = await upload.batchRows();
  expect(rows.map((row) => row.code)).toEqual(['0', '0', '10001']);
  await expect(app.page.getByTestId('upload-note')).toHaveText(
    '1,500 条消息上传失败，可以在“失败”中重试。',
  );
  await expect(upload.eligible).toHaveText('0');
  await app.screenshot('upload-with-failures-zh');
  await expect.poll(() => upload.app.badge('failed')).toBe(REFUSED + LISTED);

  // Grouped by reason, largest first, each with its count.
  const failed = new FailedPage(app.page);
  await failed.open();
  expect(await failed.total()).toBe(REFUSED + LISTED);
  const groups = await failed.groupList();
  expect(groups.map((group) => group.count)).toEqual([REFUSED, LISTED]);
  expect(groups[0]?.reason).toContain('10001');
  expect(groups[1]?.reason).toContain('fail_id_list');
  // The reasons are recorded in English and read in the window's language.
  expect(groups[0]?.shown).toBe('尘锋拒绝了这次调用（返回码 10001：system unknown error）。');
  expect(groups[1]?.shown).toBe('尘锋在 fail_id_list 中列出了这条消息（返回码 0：ok）。');
  await failed.table.waitForTotal(REFUSED + LISTED);
  await app.screenshot('failed-groups-zh');

  // Retry two selected messages (the newest, so from the partly refused call).
  const chosen = (await failed.table.visibleMsgids()).slice(0, 2);
  await failed.table.tick(chosen);
  await failed.retrySelected();
  await expect(failed.notice).toContainText('2');
  await failed.table.waitForTotal(REFUSED + LISTED - 2);
  expect(await failed.total()).toBe(REFUSED + LISTED - 2);
  for (const msgid of chosen) await expect(failed.table.rowByMsgid(msgid)).toHaveCount(0);

  await expect
    .poll(async () => (await failed.groupList()).map((group) => group.count))
    .toEqual([REFUSED, LISTED - 2]);

  // Retry the smaller group.
  await failed.retryGroup(groups[1]!.reason);
  await expect.poll(() => failed.total()).toBe(REFUSED);
  expect((await failed.groupList()).map((group) => group.count)).toEqual([REFUSED]);

  // Exports hold exactly the failed messages.
  const stillFailed = app.service
    .queryMessages({ statuses: ['failed'] }, 'oldest', 0, 5000)
    .map((row) => row.msgid);
  expect(stillFailed).toHaveLength(REFUSED);

  await failed.exportAs('jsonl');
  await expect(failed.notice).toContainText(app.exportsDir);
  const lines = exported(app.exportsDir, '.jsonl').trimEnd().split('\n');
  const payloads = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(payloads.map((payload) => payload['msgid']).sort()).toEqual([...stillFailed].sort());
  // The upload shape: a switch record keeps its own fields (time, user), the rest are messages.
  for (const payload of payloads) {
    expect(payload).toHaveProperty(payload['action'] === 'switch' ? 'time' : 'msgtype');
  }

  await failed.exportAs('csv');
  await expect(failed.notice).toContainText('.csv');
  const csv = exported(app.exportsDir, '.csv');
  expect(csv.startsWith('\uFEFFmsgid,time,msgtype,sender,room,status,attempts,last_error')).toBe(
    true,
  );
  const csvLines = csv.trimEnd().split('\r\n');
  expect(csvLines).toHaveLength(stillFailed.length + 1);
  for (const line of csvLines.slice(1)) {
    expect(line).toContain(',failed,1,');
    expect(line).toContain('10001');
  }

  // Retry everything, then upload what was retried.
  await failed.retryAll();
  await expect(failed.empty).toBeVisible();
  await expect.poll(() => failed.app.badge('failed')).toBeNull();
  await upload.open();
  expect(await upload.eligibleCount()).toBe(REFUSED + LISTED);
  await upload.start();
  await expect.poll(() => sandbox.accepted().size, { timeout: 60_000 }).toBe(COUNT);
  await upload.waitForPhase('idle');
});
