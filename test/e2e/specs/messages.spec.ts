/**
 * Messages: every filter against what the export files hold, a message's detail, and
 * including or excluding a selection.
 */
import path from 'node:path';

import { expect, test, type AppHarness } from '../harness/app-fixture.js';
import { exportedMessages, type ExportedMessage } from '../harness/export-facts.js';
import { copyFixtures, DEFECT_SAMPLE, FIXTURE_COUNT, writeSample } from '../harness/inputs.js';
import { MessagesPage } from '../pages/messages-page.js';

/** Stored from the fixtures and the sample: 2,010 records less 5 duplicates, 5 conflicting copies, 5 broken lines. */
const STORED = FIXTURE_COUNT + 1995;
/** 5 without a sender and 5 with a bad tolist. */
const INVALID = 10;
const UNSUPPORTED = 5;

interface Loaded {
  messages: MessagesPage;
  sample: ExportedMessage[];
  all: ExportedMessage[];
}

/** Imports the fixtures and the sample through the service, then opens Messages. */
async function load(app: AppHarness): Promise<Loaded> {
  const fixtures = copyFixtures(app.dir);
  const sampleFile = await writeSample(path.join(app.dir, 'sample.jsonl'), DEFECT_SAMPLE);
  await app.service.importAndWait([fixtures, sampleFile]);
  await app.open();
  const messages = new MessagesPage(app.page);
  await messages.app.waitForReady();
  await messages.open();
  await messages.table.waitForTotal(STORED);
  const sample = exportedMessages(sampleFile);
  return { messages, sample, all: [...exportedMessages(fixtures), ...sample] };
}

test('filters by type, status, sender, room, time and Chinese text', async ({ app }) => {
  const { messages, all } = await load(app);
  const table = messages.table;

  // Type, with the count the picker shows beside it.
  const images = all.filter((message) => message.msgtype === 'image').length;
  expect(await table.typeCount('image')).toBe(images);
  await table.chooseTypes(['image']);
  await table.waitForTotal(images);
  expect(new Set(await table.columnTexts('type'))).toEqual(new Set(['图片媒体']));
  await table.clearFilters();
  await table.waitForTotal(STORED);

  // Status.
  expect(await table.statusCount('invalid')).toBe(INVALID);
  expect(await table.statusCount('unsupported')).toBe(UNSUPPORTED);
  await table.toggleStatus('invalid');
  await table.waitForTotal(INVALID);
  expect(new Set(await table.columnTexts('status'))).toEqual(new Set(['无效']));
  await table.toggleStatus('invalid');
  await table.waitForTotal(STORED);

  // Sender and room: exact names, with suggestions while typing.
  await table.setSender('employee');
  expect(await table.suggestions('sender')).toContain('employee3');
  await table.setSender('employee3');
  await table.waitForTotal(all.filter((message) => message.from === 'employee3').length);
  expect(new Set(await table.columnTexts('sender'))).toEqual(new Set(['employee3']));
  await table.setSender('');
  await table.setRoom('wrRoom001');
  await table.waitForTotal(all.filter((message) => message.roomid === 'wrRoom001').length);
  expect(new Set(await table.columnTexts('room'))).toEqual(new Set(['wrRoom001']));
  await table.setRoom('');
  await table.waitForTotal(STORED);

  // One day, in the operator's zone (Asia/Shanghai): [from, to).
  const from = Date.parse('2024-04-01T00:00:00+08:00');
  const to = Date.parse('2024-04-02T00:00:00+08:00');
  const inDay = all.filter((message) => message.msgtime >= from && message.msgtime < to);
  await table.setTimeRange('2024-04-01T00:00', '2024-04-02T00:00');
  await table.waitForTotal(inDay.length);
  for (const time of await table.columnTexts('time')) expect(time).toMatch(/^2024-04-01 /);
  await table.setTimeRange('', '');
  await table.waitForTotal(STORED);

  // Two-character Chinese words are what operators search for most.
  const contracts = all.filter((message) => message.text.includes('合同'));
  expect(contracts.length).toBeGreaterThan(0);
  await table.search('合同');
  await table.waitForTotal(contracts.length);
  for (const preview of await table.columnTexts('preview')) expect(preview).toContain('合同');
  await app.screenshot('messages-search-zh');
  // A longer phrase matches only where it stands in one piece.
  await table.search('签合同');
  await table.waitForTotal(contracts.filter((message) => message.text.includes('签合同')).length);

  // Nothing matches: the table says so and offers to clear the filters.
  await table.search('不存在的词语');
  await table.waitForTotal(0);
  await expect(table.emptyFilterState()).toBeVisible();
  await table.emptyFilterState().getByRole('button').click();
  await table.waitForTotal(STORED);
});

test("opens a message's detail: payload, original line and problems", async ({ app }) => {
  const { messages, sample } = await load(app);
  const table = messages.table;

  // A message without a sender: invalid, located, with its problem named.
  const noSender = sample.find(
    (message) => message.raw['action'] === 'send' && !('from' in message.raw),
  )!;
  await table.toggleStatus('invalid');
  await table.waitForTotal(INVALID);
  await table.openDetailOf(noSender.msgid);
  await expect(table.detail.getByTestId('message-detail-status')).toContainText('无效');
  await expect(table.detailSource()).toHaveText(
    new RegExp(`[\\\\/]sample\\.jsonl 第 ${noSender.line} 行$`),
  );
  await expect(table.detailProblems()).toHaveCount(1);
  await expect(table.detailProblems().first()).toContainText('from');
  await expect(table.detailPayload()).toContainText(`"msgid": "${noSender.msgid}"`);
  await expect(table.detailOriginal()).toHaveText(JSON.stringify(noSender.raw));
  await app.screenshot('messages-detail-invalid-zh');

  // A time written in seconds: repaired in the payload, kept as it was in the original.
  const seconds = sample.find((message) => Number(message.raw['msgtime']) < 1e12)!;
  await table.toggleStatus('invalid');
  await table.setWithProblems(true);
  await table.openDetailOf(seconds.msgid);
  await expect(table.detailPayload()).toContainText(`"msgtime": ${seconds.msgtime}`);
  await expect(table.detailOriginal()).toContainText(`"msgtime":${seconds.msgtime / 1000}`);
  await expect(table.detailProblems().first()).toContainText('msgtime');
  await table.closeDetail();
  await expect(table.detail).toHaveCount(0);
});

test('excludes and includes selected messages', async ({ app }) => {
  const { messages } = await load(app);
  const table = messages.table;
  const eligible = STORED - INVALID - UNSUPPORTED;
  await expect.poll(() => messages.app.badge('eligible')).toBe(eligible);

  await table.toggleStatus('ready');
  await table.waitForTotal(eligible);
  const chosen = (await table.visibleMsgids()).slice(1, 4);
  await table.tick(chosen);
  expect(await table.selectedCount()).toBe(3);
  await messages.exclude();
  await expect(messages.notice).toContainText('已更新 3 条消息');
  // They leave the "ready" list, count as excluded, and the upload badge counts three fewer.
  await table.waitForTotal(eligible - 3);
  await expect.poll(() => table.statusCount('excluded')).toBe(3);
  await expect.poll(() => messages.app.badge('eligible')).toBe(eligible - 3);

  await table.toggleStatus('ready');
  await table.toggleStatus('excluded');
  await table.waitForTotal(3);
  expect(new Set(await table.visibleMsgids())).toEqual(new Set(chosen));
  await table.openDetailOf(chosen[0]!);
  await expect(table.detail.getByTestId('message-detail-status')).toContainText(
    '由操作员设为不上传',
  );
  await app.screenshot('messages-excluded-zh');

  await table.selectWholeResult();
  expect(await table.selectedCount()).toBe(3);
  await messages.include();
  await table.waitForTotal(0);
  await expect.poll(() => messages.app.badge('eligible')).toBe(eligible);
  await table.toggleStatus('excluded');
  await table.waitForTotal(STORED);
  for (const msgid of chosen) {
    await expect(table.rowByMsgid(msgid).or(table.rows.first()).first()).toBeVisible();
  }
  expect(app.service.countMessages({ statuses: ['ready'] })).toBe(eligible);
});
