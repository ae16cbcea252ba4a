import { copyFileSync } from 'node:fs';
import path from 'node:path';

import { expect, test } from '../harness/app-fixture.js';
import { ImportPage } from '../pages/import-page.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/wecom-messages.jsonl');

test('imports chosen files and shows what is in them', async ({ app }) => {
  const file = path.join(app.dir, 'export.jsonl');
  copyFileSync(fixtures, file);
  await app.open();
  const importPage = new ImportPage(app.page);
  await importPage.app.waitForReady();
  await app.screenshot('import-empty-zh');

  app.pickNext([file]);
  await importPage.importAndWait(() => importPage.chooseFiles());
  expect(await importPage.figure('total')).toBe(29);
  expect(await importPage.figure('valid')).toBe(29);
  await expect(importPage.chart).toBeVisible();
  await app.screenshot('import-summary-zh');
});
