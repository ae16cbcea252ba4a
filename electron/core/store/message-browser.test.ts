import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { MessageFilter } from '../../../shared/ipc/messages.js';

import { tempDir } from '../../../test/support/temp-dir.js';
import { importFile } from '../importer/import-file.js';
import { openDatabase } from './database.js';
import { MessageBrowser } from './message-browser.js';
import { MessageChoices } from './message-choices.js';
import { registerTextFunctions } from './text-functions.js';

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);

function message(index: number, overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    msgid: `m${index}`,
    action: 'send',
    from: index % 2 ? 'alice' : 'bob',
    tolist: ['carol'],
    roomid: index % 3 ? '' : 'room1',
    msgtime: START + index * DAY,
    msgtype: 'text',
    text: {
      content: ['我们明天签合同', '报价单已发送', 'Quotation attached', '合作愉快'][index % 4],
    },
    ...overrides,
  });
}

describe('MessageBrowser', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Database;
  let browser: MessageBrowser;
  let file: string;

  beforeEach(async () => {
    dir = tempDir();
    db = openDatabase(path.join(dir.path, 'store.db'));
    registerTextFunctions(db);
    browser = new MessageBrowser(db);
    file = path.join(dir.path, 'export.jsonl');
    const lines = Array.from({ length: 40 }, (_, index) => message(index));
    lines.push(
      message(40, { msgtype: 'image', text: undefined, image: { sdkfileid: 'f', filesize: 10 } }),
    );
    lines.push(message(41, { msgtype: 'mystery' }));
    lines.push(message(42, { from: 5 }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    await importFile({ db, file, cutoff: START + 30 * DAY });
  });

  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('pages newest first, and oldest first on request', () => {
    const newest = browser.page({}, 'newest', 0, 5).map((row) => row.msgid);
    expect(newest).toEqual(['m42', 'm41', 'm40', 'm39', 'm38']);
    const oldest = browser.page({}, 'oldest', 2, 3).map((row) => row.msgid);
    expect(oldest).toEqual(['m2', 'm3', 'm4']);
  });

  it.each([
    ['msgtype', { msgtypes: ['image'] }, ['m40']],
    ['status', { statuses: ['unsupported' as const] }, ['m41']],
    ['sender', { sender: 'alice', to: START + 6 * DAY }, ['m5', 'm3', 'm1']],
    ['room', { room: 'room1', to: START + 10 * DAY }, ['m9', 'm6', 'm3', 'm0']],
    ['time range', { from: START + 2 * DAY, to: START + 4 * DAY }, ['m3', 'm2']],
    ['media', { mediaOnly: true }, ['m40']],
    ['problems', { withProblems: true }, ['m42']],
  ])('filters by %s', (_label, filter, expected) => {
    expect(browser.page(filter, 'newest', 0, 100).map((row) => row.msgid)).toEqual(expected);
    expect(browser.count(filter)).toBe(expected.length);
  });

  it('finds two-character Chinese words and longer phrases, not phrases split apart', () => {
    const contract = browser.page({ text: '合同' }, 'newest', 0, 100).map((row) => row.msgid);
    expect(contract).toHaveLength(10);
    expect(contract.every((msgid) => Number(msgid.slice(1)) % 4 === 0)).toBe(true);
    expect(browser.count({ text: '签合同' })).toBe(10);
    // 合作 and 作愉 both occur, but "合同愉" does not.
    expect(browser.count({ text: '合同愉' })).toBe(0);
    expect(browser.count({ text: 'quotation' })).toBe(11);
    expect(browser.count({ text: 'quot' })).toBe(11);
    expect(browser.count({ text: '！？' })).toBe(0);
  });

  it('combines text search with other filters and keeps time order', () => {
    const rows = browser.page(
      { text: '合同', sender: 'bob', from: START + 10 * DAY },
      'newest',
      0,
      3,
    );
    expect(rows.map((row) => row.msgid)).toEqual(['m36', 'm32', 'm28']);
  });

  it('counts facets from the count table and from a filter alike', () => {
    const all = browser.facets({});
    expect(all.total).toBe(43);
    expect(all.byType).toMatchObject({ text: 41, image: 1, mystery: 1 });
    expect(all.byStatus).toMatchObject({ ready: 30, excluded: 11, unsupported: 1, invalid: 1 });
    const filtered = browser.facets({ sender: 'alice' });
    expect(filtered.total).toBe(21);
  });

  it('shows a message in detail with its original line and problems', () => {
    const [row] = browser.page({ statuses: ['invalid'] }, 'newest', 0, 1);
    const detail = browser.detail(row!.id)!;
    expect(detail.line).toBe(43);
    expect(detail.file).toBe(file);
    expect(detail.original).toBe(message(42, { from: 5 }));
    expect(detail.problems.map((problem) => problem.path)).toContain('from');
    expect(JSON.parse(detail.payload)).toMatchObject({ msgid: 'm42' });
  });

  it('says why the original line cannot be shown once the file changed', () => {
    writeFileSync(file, 'changed');
    const [row] = browser.page({}, 'newest', 0, 1);
    const detail = browser.detail(row!.id)!;
    expect(detail.original).toBeNull();
    expect(detail.originalNote).toMatch(/changed since it was imported/);
  });

  it('lists distinct senders and rooms by prefix', () => {
    expect(browser.distinct('sender', '', 10)).toEqual(['', 'alice', 'bob']);
    expect(browser.distinct('sender', 'a', 10)).toEqual(['alice']);
    expect(browser.distinct('room', 'ro', 10)).toEqual(['room1']);
  });

  it('moves messages between ready and excluded by the operator choice and the cutoff', () => {
    const choices = new MessageChoices(db);
    const cutoff = START + 30 * DAY;
    const changed = choices.setChoice(
      { filter: { sender: 'alice', to: START + 10 * DAY } },
      'exclude',
      cutoff,
    );
    expect(changed).toBe(5);
    expect(browser.count({ statuses: ['excluded'] })).toBe(16);
    const [excluded] = browser.page(
      { sender: 'alice', statuses: ['excluded'], to: START + 10 * DAY },
      'newest',
      0,
      1,
    );
    expect(excluded!.excludedBy).toBe('operator');

    choices.setChoice({ filter: { from: cutoff } }, 'include', cutoff);
    expect(browser.count({ statuses: ['excluded'] })).toBe(5);

    choices.setChoice({ filter: {} }, 'default', cutoff);
    choices.applyCutoff(null);
    expect(browser.count({ statuses: ['excluded'] })).toBe(0);
    expect(browser.facets({}).byStatus['ready']).toBe(41);
    expect(browser.facets({}).byStatus['unsupported']).toBe(1);
  });

  it('never lets the operator include an invalid message', () => {
    const choices = new MessageChoices(db);
    choices.setChoice({ filter: { statuses: ['invalid'] } }, 'include', null);
    expect(browser.count({ statuses: ['invalid'] })).toBe(1);
  });

  describe('pages from where the previous page ended', () => {
    const views: Array<[string, MessageFilter, 'newest' | 'oldest']> = [
      ['everything, newest first', {}, 'newest'],
      ['everything, oldest first', {}, 'oldest'],
      ['one sender', { sender: 'alice' }, 'newest'],
      ['a time range', { from: START + 5 * DAY, to: START + 33 * DAY }, 'oldest'],
      ['a text search', { text: '合同' }, 'newest'],
    ];

    function reference(filter: MessageFilter, order: 'newest' | 'oldest'): string[] {
      return new MessageBrowser(db).page(filter, order, 0, 1000).map((row) => row.msgid);
    }

    it.each(views)('gives %s exactly as an OFFSET from the top would', (_label, filter, order) => {
      const expected = reference(filter, order);
      const pages: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 3) {
        pages.push(...browser.page(filter, order, offset, 3).map((row) => row.msgid));
      }
      expect(pages).toEqual(expected);
      // Jumps back and forward land on the same rows as well.
      for (const offset of [1, 7, 2, expected.length - 2, 4]) {
        expect(browser.page(filter, order, offset, 2).map((row) => row.msgid)).toEqual(
          expected.slice(offset, offset + 2),
        );
      }
      expect(browser.pagesFromAnchor).toBeGreaterThan(expected.length / 3 - 1);
    });

    it('forgets where pages ended once another connection or this one changes the store', async () => {
      browser.page({}, 'newest', 0, 3);
      browser.page({}, 'newest', 3, 3);
      // An import by another connection adds messages newer than every one shown.
      const other = openDatabase(path.join(dir.path, 'store.db'));
      const newer = path.join(dir.path, 'newer.jsonl');
      writeFileSync(
        newer,
        `${[100, 101, 102, 103].map((index) => message(index, { msgid: `n${index}` })).join('\n')}\n`,
      );
      await importFile({ db: other, file: newer, cutoff: null });
      other.close();
      expect(browser.page({}, 'newest', 6, 3).map((row) => row.msgid)).toEqual(
        reference({}, 'newest').slice(6, 9),
      );

      // This connection excludes messages: the view of ready ones shifts under the anchors.
      const ready = { statuses: ['ready' as const] };
      browser.page(ready, 'oldest', 0, 3);
      new MessageChoices(db).setChoice({ filter: { to: START + 2 * DAY } }, 'exclude', null);
      expect(browser.page(ready, 'oldest', 3, 3).map((row) => row.msgid)).toEqual(
        reference(ready, 'oldest').slice(3, 6),
      );
    });
  });
});
