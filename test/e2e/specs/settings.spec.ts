/**
 * Settings: the connection fields, write-only secrets, the connection test against the
 * sandbox (reached as if it were the SCRM), the cutoff with its warning, and the language.
 */
import path from 'node:path';

import { expect, test } from '../harness/app-fixture.js';
import { writeSample } from '../harness/inputs.js';
import { MessagesPage } from '../pages/messages-page.js';
import { SettingsPage } from '../pages/settings-page.js';
import { UploadPage } from '../pages/upload-page.js';

test('fills the connection; secrets only ever show as set or not set', async ({ app }) => {
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();
  await settings.open();
  await app.screenshot('settings-full-zh', { fullPage: true });
  expect(await settings.isSecretSet('clientSecret')).toBe(false);

  const secret = 'client-secret-never-shown';
  const aesKey = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
  await settings.setSandbox(false);
  await settings.fill('baseUrl', 'https://scrm.example.test');
  await settings.fill('clientId', 'client-42');
  await settings.fill('receiveId', 'ww-corp');
  await settings.setSecret('clientSecret', secret);
  await settings.setSecret('token', 'token-never-shown');
  await settings.setSecret('encodingAesKey', aesKey);
  await expect(app.page.locator('.unsaved')).toBeVisible();
  await settings.save();
  await expect(settings.notice).toHaveAttribute('data-tone', 'ok');

  // Saved secrets: the state says so, the boxes are empty, the value is nowhere on the page.
  for (const name of ['clientSecret', 'token', 'encodingAesKey'] as const) {
    expect(await settings.isSecretSet(name)).toBe(true);
    await expect(settings.field(name)).toHaveValue('');
  }
  const html = await app.page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toContain(aesKey);

  // The header names the production target and its clientId.
  await expect(settings.app.target).toHaveAttribute('data-target', 'production');
  await expect(app.page.getByTestId('header-client-id')).toHaveText('client-42');
  await app.screenshot('settings-production-zh');

  // Clearing a secret takes effect on save.
  await settings.clearSecret('token');
  await expect(app.page.getByTestId('settings-token-state')).toHaveText('保存时清除');
  await settings.save();
  expect(await settings.isSecretSet('token')).toBe(false);
  expect(app.service.secrets.get('token')).toBeNull();
  expect(app.service.secrets.get('clientSecret')).toBe(secret);
});

test('refuses a malformed EncodingAESKey before saving', async ({ app }) => {
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();
  await settings.open();
  await settings.setSecret('encodingAesKey', 'too-short');
  await expect(settings.form.locator('.field-error')).toContainText('43');
  await expect(app.page.getByTestId('settings-save')).toBeDisabled();
  await settings.discard();
  await expect(app.page.getByTestId('settings-save')).toBeDisabled();
  await expect(settings.form.locator('.field-error')).toHaveCount(0);
});

test('tests the connection against the sandbox, and says why it fails', async ({ app }) => {
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();
  await settings.open();

  // The built-in sandbox, which says until when its token is valid.
  await settings.testConnection();
  expect(await settings.connectionOk()).toBe(true);
  await expect(settings.testResult).toContainText('访问令牌有效期至');

  // The sandbox again, but entered by hand as if it were the SCRM.
  const sandbox = await app.service.ensureSandbox();
  await settings.setSandbox(false);
  await settings.fill('baseUrl', sandbox.url);
  await settings.fill('clientId', sandbox.credentials.clientId);
  await settings.fill('receiveId', sandbox.credentials.receiveId);
  await settings.setSecret('clientSecret', sandbox.credentials.clientSecret);
  await settings.setSecret('token', sandbox.credentials.token);
  await settings.setSecret('encodingAesKey', sandbox.credentials.encodingAesKey);
  await settings.testConnection();
  expect(await settings.connectionOk()).toBe(true);
  await app.screenshot('settings-test-ok-zh');

  // A wrong secret: the test fails and says why.
  await settings.setSecret('clientSecret', 'wrong-secret');
  await settings.testConnection();
  expect(await settings.connectionOk()).toBe(false);
  await expect(settings.testResult).not.toBeEmpty();
  await app.screenshot('settings-test-failed-zh');
});

test('the cutoff: its warning, the moment in local time, or never', async ({ app }) => {
  const file = await writeSample(path.join(app.dir, 'sample.jsonl'), { count: 500 });
  await app.service.importAndWait([file]);
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();
  await settings.open();

  const cutoffPanel = app.page.getByTestId('settings-cutoff');
  await expect(cutoffPanel).toContainText('否则会丢失数据');
  await expect(app.page.getByTestId('settings-cutoff-unset')).toBeVisible();

  await settings.setCutoff('2024-04-15T08:00');
  await settings.save();
  expect(app.service.publicSettings().cutoff).toBe(Date.parse('2024-04-15T08:00:00+08:00'));
  const after = app.service.countMessages({ from: Date.parse('2024-04-15T08:00:00+08:00') });
  expect(after).toBeGreaterThan(0);

  // Messages from that moment on are kept out of uploads, and say why.
  const messages = new MessagesPage(app.page);
  await messages.open();
  await expect.poll(() => messages.table.statusCount('excluded')).toBe(after);
  const upload = new UploadPage(app.page);
  await upload.open();
  await expect(upload.cutoff).toContainText('2024-04-15 08:00:00 UTC+08:00');
  expect(await upload.eligibleCount()).toBe(500 - after);

  // Never switched on: nothing is kept out.
  await settings.open();
  await settings.setCutoffNever();
  await settings.save();
  await messages.open();
  await expect.poll(() => messages.table.statusCount('excluded')).toBe(0);
  await upload.open();
  await expect(upload.cutoff).toContainText('从未开启');
  expect(await upload.eligibleCount()).toBe(500);
});

test('switches the language, and remembers it', async ({ app }) => {
  await app.open();
  const settings = new SettingsPage(app.page);
  await settings.app.waitForReady();
  await expect(settings.app.navItem('settings')).toContainText('设置');

  await settings.app.setLanguage('en');
  await expect(settings.app.navItem('settings')).toContainText('Settings');
  await expect(settings.app.target).toContainText('Sandbox');
  await settings.open();
  await expect(settings.form).toContainText('Connection to Dustess');
  expect(app.service.publicSettings().locale).toBe('en');

  await app.page.reload();
  await settings.app.waitForReady();
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(settings.app.navItem('import')).toContainText('Import');

  await settings.app.setLanguage('zh-CN');
  await expect(settings.app.navItem('import')).toContainText('导入');
});
