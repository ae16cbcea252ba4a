/**
 * Upload to the built-in sandbox: a run with its progress, pause and resume and its batch log;
 * the cutoff, and the confirmation that uploading past it needs.
 */
import path from 'node:path';

import { expect, test, type AppHarness } from '../harness/app-fixture.js';
import { exportedMessages } from '../harness/export-facts.js';
import { writeSample } from '../harness/inputs.js';
import { SettingsPage } from '../pages/settings-page.js';
import { UploadPage } from '../pages/upload-page.js';

async function importSample(app: AppHarness, count: number): Promise<string> {
  const file = await writeSample(path.join(app.dir, 'sample.jsonl'), { count });
  await app.service.importAndWait([file]);
  return file;
}

test('uploads to the sandbox: progress, pause, resume, batch log, finished', async ({ app }) => {
  // Five batches, one call a second: slow enough to pause between two calls.
  await importSample(app, 5000);
  app.settings({ cutoffConfirmedNone: true, rate: { calls: 1, windowSeconds: 1 } });
  await app.open();
  const upload = new UploadPage(app.page);
  await upload.app.waitForReady();
  await upload.open();

  expect(await upload.app.targetKind()).toBe('sandbox');
  expect(await upload.isSandboxLabelled()).toBe(true);
  await expect(upload.target).toContainText('沙箱');
  expect(await upload.eligibleCount()).toBe(5000);
  expect(await upload.app.badge('eligible')).toBe(5000);
  await expect(upload.cutoff).toContainText('从未开启');

  await upload.start();
  await expect(upload.app.uploadStrip).toBeVisible();
  await expect.poll(() => upload.progress(), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(upload.batches.first()).toBeVisible();
  await app.screenshot('upload-running-zh');

  await upload.pause();
  await upload.waitForPhase('paused');
  await expect(upload.app.uploadStrip).toContainText('已暂停');
  // A paused run promises neither a next call nor an end.
  await expect(upload.countdown).toHaveText('—');
  await expect(upload.eta).toHaveText('—');
  const paused = await upload.progressCounts();
  expect(paused[0]).toBeLessThan(5000);
  // Nothing moves while paused.
  await app.page.waitForTimeout(2500);
  expect(await upload.progressCounts()).toEqual(paused);
  await app.screenshot('upload-paused-zh');

  await upload.resume();
  await upload.waitForPhase('idle', 60_000);
  expect(await upload.progressCounts()).toEqual([5000, 0, 0]);
  expect(await upload.progress()).toBe(100);
  await expect(upload.app.uploadStrip).toHaveCount(0);
  await expect(upload.batches).toHaveCount(5);
  for (const row of await upload.batchRows()) {
    expect(row).toMatchObject({ state: 'settled', code: '0', failIds: '' });
  }
  await expect.poll(() => upload.app.badge('eligible')).toBeNull();
  await expect(upload.eligible).toHaveText('0');
  await expect(upload.nothing).toBeVisible();
  await app.screenshot('upload-finished-zh');

  // What the sandbox received is exactly what was imported.
  const sandbox = await app.service.ensureSandbox();
  expect(sandbox.accepted().size).toBe(5000);
  expect(sandbox.stats().maxCallsInAnyWindow).toBeLessThanOrEqual(10);
});

test('uploading messages after the cutoff needs an explicit confirmation', async ({ app }) => {
  const file = await importSample(app, 2000);
  app.settings({ rate: { calls: 10, windowSeconds: 2 } });
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();

  // The operator says when Dustess's own sync was switched on, in local time.
  await settings.open();
  await settings.setCutoff('2024-04-20T00:00');
  await expect(settings.page.getByTestId('settings-cutoff')).toContainText('UTC+08:00');
  await settings.save();
  const cutoff = Date.parse('2024-04-20T00:00:00+08:00');
  const messages = exportedMessages(file);
  const after = messages.filter((message) => message.msgtime >= cutoff);
  expect(after.length).toBeGreaterThan(0);

  const upload = new UploadPage(app.page);
  await upload.open();
  await expect(upload.cutoff).toContainText('2024-04-20 00:00:00 UTC+08:00');
  await expect.poll(() => upload.afterCutoffCount()).toBe(after.length);
  expect(await upload.eligibleCount()).toBe(2000 - after.length);

  // Ticking "also upload" and starting asks first; the confirm button waits for the tick.
  await app.page.getByTestId('upload-include-after-cutoff').check();
  await upload.start();
  await expect(upload.confirmDialog).toBeVisible();
  await expect(upload.confirmDialog).toContainText(String(after.length));
  await expect(app.page.getByTestId('upload-confirm-cutoff-confirm')).toBeDisabled();
  await app.screenshot('upload-confirm-cutoff-zh');
  await upload.confirmDialog.getByRole('button', { name: '取消' }).click();
  await expect(upload.confirmDialog).toHaveCount(0);
  const sandbox = await app.service.ensureSandbox();
  expect(sandbox.stats().calls).toBe(0);

  // Without the tick, only what is before the cutoff goes.
  await app.page.getByTestId('upload-include-after-cutoff').uncheck();
  await upload.start();
  await expect.poll(() => sandbox.accepted().size, { timeout: 30_000 }).toBe(2000 - after.length);
  await upload.waitForPhase('idle');
  for (const message of after) expect(sandbox.accepted().has(message.msgid)).toBe(false);

  // With the tick and the confirmation, the rest goes too.
  await upload.startIncludingAfterCutoff();
  await expect.poll(() => sandbox.accepted().size, { timeout: 30_000 }).toBe(2000);
  await upload.waitForPhase('idle');
  expect(await upload.afterCutoffCount()).toBe(0);
});

test('waits for the cutoff to be decided before it uploads, and says where to decide', async ({
  app,
}) => {
  await importSample(app, 50);
  await app.open();
  const upload = new UploadPage(app.page);
  await upload.app.waitForReady();
  await upload.open();
  await expect(upload.cutoff).toContainText('尚未设置截止时间');
  await expect(app.page.getByTestId('upload-start')).toBeDisabled();
  await expect(app.page.getByTestId('upload-start-needs-cutoff')).toBeVisible();
  await app.screenshot('upload-cutoff-unset-zh');

  // The main side refuses too, in words the operator reads.
  const refused = await app.handlers.handle('upload:start', {});
  expect(refused).toMatchObject({ ok: false });
  expect((await app.service.ensureSandbox()).stats().calls).toBe(0);

  await upload.cutoff.getByRole('button', { name: '去设置' }).click();
  const settings = new SettingsPage(app.page);
  await expect(app.page.getByTestId('settings-cutoff')).toBeVisible();
  await settings.setCutoffNever();
  await settings.save();
  await upload.open();
  await expect(app.page.getByTestId('upload-start')).toBeEnabled();
  await expect(app.page.getByTestId('upload-start-needs-cutoff')).toHaveCount(0);
  await upload.start();
  await upload.waitForRunOf(50);
  expect((await app.service.ensureSandbox()).accepted().size).toBe(50);
});
