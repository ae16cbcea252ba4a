import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { processRecord } from '../importer/process-record.js';
import type { FileProblem } from '../reader/raw-record.js';
import { openDatabase } from './database.js';
import { ImportsRepo, type ImportRow } from './imports-repo.js';
import { firstIdAt, SLOTS_PER_MS } from './message-id.js';
import { MessageWriter, type WriteItem } from './message-writer.js';

const MSGTIME = 1603875615723;

let dir: string;
let db: Database;
let importId: number;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'message-writer-'));
  db = openDatabase(path.join(dir, 'store.db'));
  importId = new ImportsRepo(db).create({
    path: '/exports/a.jsonl',
    name: 'a.jsonl',
    size: 1,
    mtime: 1,
    format: 'jsonl',
    encoding: 'utf8',
    bomLength: 0,
    now: 1,
  });
});

afterEach(() => {
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function item(msgid: string, line: number, msgtime = MSGTIME): WriteItem {
  const text = `{"msgid":"${msgid}","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":${msgtime},"msgtype":"text","text":{"content":"x"}}`;
  return { line, offset: line * 200, length: text.length, outcomes: processRecord(text, line) };
}

function write(
  writer: MessageWriter,
  items: WriteItem[],
  extra: Partial<Parameters<MessageWriter['write']>[0]> = {},
) {
  return writer.write({
    items,
    fileProblems: [],
    fileWarnings: [],
    resumeOffset: 0,
    resumeLine: 1,
    offsetsExact: true,
    ...extra,
  });
}

function problem(line: number, fatal: boolean, code = 'not_an_object'): FileProblem {
  return { line, offset: line * 10, code, message: `Line ${line}.`, fatal };
}

describe('MessageWriter', () => {
  it('gives every message of one millisecond a key of its own, spilling into the next one when full', () => {
    const writer = new MessageWriter(db, importId, null);
    const count = SLOTS_PER_MS + 500;
    const result = write(
      writer,
      Array.from({ length: count }, (_, index) => item(`m${index}`, index + 1)),
    );
    expect(result.counters).toMatchObject({ records: count, stored: count, valid: count });
    const ids = db.prepare('SELECT id FROM messages ORDER BY id').pluck().all() as number[];
    expect(new Set(ids).size).toBe(count);
    expect(ids[0]).toBeGreaterThanOrEqual(firstIdAt(MSGTIME));
    expect(ids.at(-1)).toBeLessThan(firstIdAt(MSGTIME + 2));
    expect(db.prepare('SELECT DISTINCT msgtime FROM messages').pluck().all()).toEqual([MSGTIME]);
  });

  it('counts a msgid already stored with the same content as a duplicate', () => {
    const writer = new MessageWriter(db, importId, null);
    write(writer, [item('a', 1)]);
    const again = write(writer, [item('a', 1), item('a', 2)]);
    expect(again.counters).toMatchObject({ records: 2, stored: 0, duplicates: 2, conflicts: 0 });
  });

  it('counts each file problem as an invalid record, and a fatal one as none', () => {
    const writer = new MessageWriter(db, importId, null);
    const result = write(writer, [item('a', 1)], {
      fileProblems: [problem(2, false), problem(3, true, 'broken_json')],
    });
    expect(result.counters).toMatchObject({ records: 2, stored: 1, valid: 1, invalid: 1 });
    expect(db.prepare('SELECT line, severity, code FROM problems ORDER BY line').all()).toEqual([
      { line: 2, severity: 'error', code: 'not_an_object' },
      { line: 3, severity: 'error', code: 'broken_json' },
    ]);
  });

  it('stores a warning about the file once per import, counting it once', () => {
    const writer = new MessageWriter(db, importId, null);
    const warning = { ...problem(4, false, 'invalid_bytes'), message: 'Line 4 holds bytes.' };
    const first = write(writer, [], { fileWarnings: [warning] });
    const second = write(writer, [], { fileWarnings: [warning] });
    expect([first.counters.warnings, second.counters.warnings]).toEqual([1, 0]);
    expect(first.counters.records).toBe(0);
    expect(db.prepare('SELECT line, severity, text FROM problems').all()).toEqual([
      { line: 4, severity: 'warning', text: 'Line 4 holds bytes.' },
    ]);
  });

  it('moves the resume point and the counters in the same transaction, and keeps inexact offsets inexact', () => {
    const writer = new MessageWriter(db, importId, null);
    write(writer, [item('a', 1)], { resumeOffset: 120, resumeLine: 1, offsetsExact: false });
    write(writer, [item('b', 2)], { resumeOffset: 240, resumeLine: 2, offsetsExact: true });
    const row = new ImportsRepo(db).get(importId) as ImportRow;
    expect(row).toMatchObject({
      records: 2,
      stored: 2,
      resume_offset: 240,
      resume_line: 2,
      offsets_exact: 0,
    });
  });

  it('keeps the counts by type and status in step with the messages', () => {
    const writer = new MessageWriter(db, importId, MSGTIME);
    write(writer, [item('a', 1, MSGTIME - 1), item('b', 2), item('c', 3, MSGTIME + 5)]);
    expect(
      db.prepare('SELECT msgtype, status, n FROM message_counts ORDER BY status').all(),
    ).toEqual([
      { msgtype: 'text', status: 'excluded', n: 2 },
      { msgtype: 'text', status: 'ready', n: 1 },
    ]);
  });
});
