/** History: every import and upload run listed, and the upload report exported. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '../harness/app-fixture.js';
import { copyFixtures, FIXTURE_COUNT, writeSample } from '../harness/inputs.js';
import { HistoryPage } from '../pages/history-page.js';
import { ImportPage } from '../pages/import-page.js';
import { UploadPage } from '../pages/upload-page.js';

function exportedFile(dir: string, extension: string): string {
  const name = readdirSync(dir).find((file) => file.endsWith(extension));
  if (!name) throw new Error(`No ${extension} file in ${dir}`);
  return readFileSync(path.join(dir, name), 'utf8');
}

interface ReportBatch {
  runId: number;
  size: number;
  state: string;
  code: number;
  failIds: string[];
}

test('lists imports and upload runs, and exports the report', async ({ app }) => {
  const sample = await writeSample(path.join(app.dir, 'sample.jsonl'), { count: 1500 });
  app.settings({
    cutoffConfirmedNone: true,
    rate: { calls: 10, windowSeconds: 2 },
    maxAttempts: 1,
  });
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();

  app.pickNext([copyFixtures(app.dir)]);
  await importPage.importAndWait(() => importPage.chooseFiles());
  app.pickNext([sample]);
  await importPage.importAndWait(() => importPage.chooseFiles());

  // Two calls; the sandbox lists 10% of the second one's messages as failed.
  const sandbox = await app.service.ensureSandbox();
  sandbox.setFaults({ partialFailure: { count: 1, fraction: 0.1 } });
  const upload = new UploadPage(app.page);
  await upload.open();
  await upload.start();
  const total = FIXTURE_COUNT + 1500;
  await upload.waitForRunOf(total);
  const [uploaded, failed] = await upload.progressCounts();
  expect(uploaded + failed).toBe(total);
  expect(failed).toBeGreaterThan(0);

  const history = new HistoryPage(app.page);
  await history.open();
  await expect(history.imports).toHaveCount(2);
  const imports = await history.importRows();
  // Newest first: file, size, started, state, records, stored, duplicates, invalid.
  expect(imports.map((row) => [row[0], row[3], row[4], row[5]])).toEqual([
    ['sample.jsonl', '完成', '1,500', '1,500'],
    ['wecom-messages.jsonl', '完成', String(FIXTURE_COUNT), String(FIXTURE_COUNT)],
  ]);
  for (const row of imports) expect(row[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

  await expect(history.runs).toHaveCount(1);
  const [run] = await history.runRows();
  expect(run?.[2]).toBe('沙箱');
  expect(run?.[3]).toBe('完成');
  expect(run?.slice(4, 7)).toEqual(['2', uploaded.toLocaleString('en'), String(failed)]);
  await app.screenshot('history-zh');

  await history.exportReport('json');
  await expect(history.notice).toContainText(app.exportsDir);
  const report = JSON.parse(exportedFile(app.exportsDir, '.json')) as {
    runs: { id: number; uploaded: number; failed: number }[];
    batches: ReportBatch[];
  };
  expect(report.runs).toHaveLength(1);
  expect(report.runs[0]).toMatchObject({ uploaded, failed });
  expect(report.batches).toHaveLength(2);
  expect(report.batches.reduce((sum, batch) => sum + batch.size, 0)).toBe(total);
  expect(report.batches.flatMap((batch) => batch.failIds)).toHaveLength(failed);
  for (const batch of report.batches) {
    expect(batch).toMatchObject({ runId: report.runs[0]!.id, state: 'settled', code: 0 });
  }

  await history.exportReport('csv');
  await expect(history.notice).toContainText('.csv');
  const csv = exportedFile(app.exportsDir, '.csv').trimEnd().split('\r\n');
  expect(csv[0]).toBe(
    '\uFEFFbatch,run,sent_at,finished_at,messages,bytes,state,code,msg,failed_ids,attempt',
  );
  expect(csv).toHaveLength(3);
  expect(csv.slice(1).map((line) => line.split(',')[4])).toEqual(
    [...report.batches].reverse().map((batch) => String(batch.size)),
  );
});
