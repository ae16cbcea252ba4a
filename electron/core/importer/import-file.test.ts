import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openDatabase } from '../store/database.js';
import type { ImportRow } from '../store/imports-repo.js';
import { ENCRYPTED_FILE_SENTENCE, importFile, type ImportFileOptions } from './import-file.js';

const FIXTURES = readFileSync(
  new URL('../../../test/fixtures/wecom-messages.jsonl', import.meta.url),
  'utf8',
);
const fixtureLines = FIXTURES.trim().split('\n');
const TEXT = fixtureLines[0]!;

let dir: string;
let databases: Database[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'import-file-'));
});

afterEach(() => {
  for (const db of databases) {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }
  databases = [];
  rmSync(dir, { recursive: true, force: true });
});

function store(name = 'store.db'): Database {
  const db = openDatabase(path.join(dir, name));
  databases.push(db);
  return db;
}

function file(name: string, content: string | Buffer): string {
  const where = path.join(dir, name);
  writeFileSync(where, content);
  return where;
}

function textMessage(index: number, extra = ''): string {
  return `{"msgid":"m${index}","action":"send","from":"u${index % 3}","tolist":["v"],"roomid":"","msgtime":${1603875600000 + index * 1000},"msgtype":"text","text":{"content":"第${index}条 message${extra}"}}`;
}

function importRows(db: Database): ImportRow[] {
  return db.prepare('SELECT * FROM imports ORDER BY id').all() as ImportRow[];
}

function counters(row: ImportRow) {
  const {
    records,
    stored,
    valid,
    invalid,
    unsupported,
    excluded,
    duplicates,
    conflicts,
    warnings,
  } = row;
  return {
    records,
    stored,
    valid,
    invalid,
    unsupported,
    excluded,
    duplicates,
    conflicts,
    warnings,
  };
}

function expectBalanced(row: ImportRow): void {
  expect(row.records).toBe(
    row.valid + row.invalid + row.unsupported + row.duplicates + row.conflicts,
  );
}

/** What an import left in the store, without ids and times. */
function snapshot(db: Database) {
  return {
    messages: db
      .prepare(
        'SELECT msgid, line, src_offset, src_length, msgtime, msgtype, sender, room, status, problem_count, payload FROM messages ORDER BY msgid',
      )
      .all(),
    problems: db
      .prepare(
        'SELECT line, msgid, message_id IS NOT NULL AS ofMessage, severity, code, path, text FROM problems ORDER BY line, code, path, text',
      )
      .all(),
    counts: db
      .prepare('SELECT msgtype, status, n FROM message_counts WHERE n > 0 ORDER BY 1, 2')
      .all(),
    search: db
      .prepare(`SELECT count(*) FROM message_search WHERE message_search MATCH '"message"*'`)
      .pluck()
      .get(),
    imports: importRows(db).map(counters),
  };
}

async function run(db: Database, where: string, options: Partial<ImportFileOptions> = {}) {
  return importFile({ db, file: where, cutoff: null, ...options });
}

describe('importFile', () => {
  it('imports the fixtures, one message per line, each valid', async () => {
    const db = store();
    const where = file('fixtures.jsonl', FIXTURES);
    const result = await run(db, where);
    expect(result).toMatchObject({ state: 'done', error: null, resumed: false });
    expect(result.counters).toEqual({
      records: 29,
      stored: 29,
      valid: 29,
      invalid: 0,
      unsupported: 0,
      excluded: 0,
      duplicates: 0,
      conflicts: 0,
      warnings: 1,
    });
    expect(result.byType.size).toBe(29);
    const [row] = importRows(db);
    expect(row).toMatchObject({
      state: 'done',
      format: 'jsonl',
      encoding: 'utf8',
      offsets_exact: 1,
      ...result.counters,
    });
    expectBalanced(row!);
    expect(db.prepare("SELECT count(*) FROM messages WHERE status = 'ready'").pluck().get()).toBe(
      29,
    );
    expect(db.prepare('SELECT code, line, path FROM problems').all()).toEqual([
      { code: 'time_zero', line: 2, path: 'msgtime' },
    ]);
  });

  it('stores each message with its line and the offset of its bytes in the file', async () => {
    const db = store();
    const where = file('fixtures.jsonl', FIXTURES);
    await run(db, where);
    const bytes = readFileSync(where);
    const rows = db
      .prepare('SELECT msgid, line, src_offset, src_length FROM messages')
      .all() as Array<{
      msgid: string;
      line: number;
      src_offset: number;
      src_length: number;
    }>;
    for (const row of rows) {
      const original = bytes.toString('utf8', row.src_offset, row.src_offset + row.src_length);
      expect(original).toBe(fixtureLines[row.line - 1]);
      expect(original).toContain(`"msgid":"${row.msgid}"`);
    }
  });

  it('changes nothing when the same file is imported again', async () => {
    const db = store();
    const where = file('fixtures.jsonl', FIXTURES);
    await run(db, where);
    const before = snapshot(db);
    const again = await run(db, where);
    expect(again.counters).toMatchObject({ records: 29, stored: 0, duplicates: 29, conflicts: 0 });
    const after = snapshot(db);
    expect(after.messages).toEqual(before.messages);
    expect(after.problems).toEqual(before.problems);
    for (const row of importRows(db)) expectBalanced(row);
  });

  it('keeps the first copy of a msgid that comes again with other content, and warns', async () => {
    const db = store();
    const first = file('first.jsonl', `${TEXT}\n`);
    const second = file(
      'second.jsonl',
      `${textMessage(1)}\n${TEXT.replace('"test"', '"changed"')}\n`,
    );
    await run(db, first);
    const result = await run(db, second);
    expect(result.counters).toMatchObject({
      records: 2,
      stored: 1,
      conflicts: 1,
      duplicates: 0,
      warnings: 1,
    });
    expect(
      db
        .prepare('SELECT payload FROM messages WHERE msgid = ?')
        .pluck()
        .get('CAQQluDa4QUY0On2rYSAgAMgzPrShAE='),
    ).toBe(TEXT);
    expect(
      db.prepare("SELECT severity, line, path, text FROM problems WHERE code = 'conflict'").all(),
    ).toEqual([
      {
        severity: 'warning',
        line: 2,
        path: 'msgid',
        text: `msgid CAQQluDa4QUY0On2rYSAgAMgzPrShAE= was already imported from ${first} line 1 with different content; the first copy was kept and this one was not stored.`,
      },
    ]);
    for (const row of importRows(db)) expectBalanced(row);
  });

  it('marks messages from the cutoff on as excluded', async () => {
    const db = store();
    const lines = Array.from({ length: 6 }, (_, index) => textMessage(index));
    const cutoff = 1603875600000 + 3 * 1000;
    const result = await run(db, file('cut.jsonl', lines.join('\n')), { cutoff });
    expect(result.counters).toMatchObject({ records: 6, valid: 6, excluded: 3 });
    expect(db.prepare('SELECT msgid, status FROM messages ORDER BY msgtime').all()).toEqual([
      { msgid: 'm0', status: 'ready' },
      { msgid: 'm1', status: 'ready' },
      { msgid: 'm2', status: 'ready' },
      { msgid: 'm3', status: 'excluded' },
      { msgid: 'm4', status: 'excluded' },
      { msgid: 'm5', status: 'excluded' },
    ]);
  });

  it('counts bad records and unknown types, and every counter adds up', async () => {
    const db = store();
    const content = [
      textMessage(1),
      '{"msgid":"broken",',
      TEXT.replace('"msgtype":"text","text"', '"msgtype":"hologram","hologram"'),
      textMessage(2).replace('"from":"u2",', ''),
      '[1]',
      `{"errcode":0,"errmsg":"ok","chatdata":[${textMessage(3)},${textMessage(4)}]}`,
      textMessage(1),
    ].join('\n');
    const result = await run(db, file('mixed.jsonl', content));
    expect(result.counters).toMatchObject({
      records: 8,
      stored: 5,
      valid: 3,
      invalid: 3,
      unsupported: 1,
      duplicates: 1,
    });
    expectBalanced(importRows(db)[0]!);
    expect(
      db
        .prepare('SELECT line, code, msgid FROM problems WHERE message_id IS NULL ORDER BY line')
        .all(),
    ).toEqual([
      { line: 2, code: 'bad_json', msgid: 'broken' },
      { line: 5, code: 'not_an_object', msgid: null },
    ]);
    expect(db.prepare("SELECT line, path FROM problems WHERE msgid = 'm2'").all()).toEqual([
      { line: 4, path: 'from' },
    ]);
    expect(db.prepare("SELECT status FROM messages WHERE msgtype = 'hologram'").pluck().get()).toBe(
      'unsupported',
    );
  });

  it('stores integers above 2^53 and coordinates digit for digit', async () => {
    const db = store();
    const of = (msgtype: string) => fixtureLines.find((l) => l.includes(`"msgtype":"${msgtype}"`))!;
    const content = [
      TEXT.replace('"msgtype"', '"seq":18446744073709551615,"msgtype"'),
      of('meeting').replace('1210342560', '18446744073709551614'),
      of('location'),
      of('collect').replace('"id":2,', '"id":9007199254740993,'),
      of('file').replace('"filesize":18181', '"filesize":12345678901234567890'),
    ].join('\n');
    await run(db, file('big.jsonl', content));
    const payloads = db
      .prepare('SELECT payload FROM messages ORDER BY line')
      .pluck()
      .all() as string[];
    expect(payloads[0]).toContain('"seq":18446744073709551615');
    expect(payloads[1]).toContain('"meetingid":18446744073709551614');
    expect(payloads[2]).toContain('"longitude":116.586285899,"latitude":39.911125799');
    expect(payloads[3]).toContain('"id":9007199254740993,');
    expect(payloads[4]).toContain('"filesize":12345678901234567890');
    expect(db.prepare('SELECT msgtime, status FROM messages ORDER BY line').raw().all()).toEqual([
      [1547087894783, 'ready'],
      [1603877328914, 'ready'],
      [1603876152141, 'ready'],
      [1576034482344, 'ready'],
      [1603875608214, 'ready'],
    ]);
  });

  it('refuses a file of encrypted GetChatData entries with the sentence that says how to decrypt it', async () => {
    const db = store();
    const content = `{"errcode":0,"errmsg":"ok","chatdata":[{"seq":1,"msgid":"m","publickey_ver":3,"encrypt_random_key":"k","encrypt_chat_msg":"c"}]}`;
    const result = await run(db, file('encrypted.json', content));
    const sentence = `encrypted.json: ${ENCRYPTED_FILE_SENTENCE}`;
    expect(result).toMatchObject({ state: 'failed', error: sentence });
    expect(importRows(db)[0]).toMatchObject({ state: 'failed', error: sentence });
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);
  });

  it('keeps what came before the cut of a truncated JSON file and says where it is cut', async () => {
    const db = store();
    const content = `[\n${textMessage(1)},\n${textMessage(2)},\n{"msgid":"m3",\n"text":`;
    const result = await run(db, file('cut.json', content));
    expect(result.state).toBe('done');
    expect(result.error).toBe(
      'cut.json: The file ends before its JSON is complete (at line 5). The record that starts at line 4 is cut off.',
    );
    expect(result.counters).toMatchObject({ records: 2, stored: 2 });
    expect(importRows(db)[0]).toMatchObject({ error: result.error });
  });

  it('records a file that cannot be read, with a sentence naming it', async () => {
    const db = store();
    const result = await run(db, file('empty.jsonl', ''));
    expect(result).toMatchObject({
      state: 'failed',
      error: 'empty.jsonl: The file is empty: it holds no messages.',
    });
    const missing = await run(db, path.join(dir, 'missing.jsonl'));
    expect(missing.error).toBe(`The file ${path.join(dir, 'missing.jsonl')} does not exist.`);
    expect(importRows(db).map((row) => row.state)).toEqual(['failed', 'failed']);
  });

  it('stores a warning naming the line of damaged bytes, once', async () => {
    const db = store();
    const content = Buffer.concat([
      Buffer.from(`${textMessage(1)}\n${textMessage(2, '中')}`),
      Buffer.from([0xff]),
      Buffer.from(`\n${textMessage(3)}\n`),
    ]);
    const where = file('damaged.jsonl', content);
    await run(db, where);
    await run(db, where);
    expect(
      db
        .prepare("SELECT import_id, line, severity FROM problems WHERE code = 'invalid_bytes'")
        .all(),
    ).toEqual([
      { import_id: 1, line: 2, severity: 'warning' },
      { import_id: 2, line: 2, severity: 'warning' },
    ]);
    expect(importRows(db).map((row) => row.offsets_exact)).toEqual([0, 0]);
  });
});

describe('importFile after a cancel', () => {
  const many = Array.from({ length: 16 }, (_, index) => textMessage(index));
  const cases: Array<[string, string, string | Buffer]> = [
    [
      'JSON Lines with blank, broken and duplicate lines',
      'lines.jsonl',
      [
        ...many.slice(0, 5),
        '',
        '{"msgid":"broken",',
        ...many.slice(5, 10),
        `{"errcode":0,"errmsg":"ok","chatdata":[${textMessage(40)},${textMessage(41)}]}`,
        many[2],
        '42',
        ...many.slice(10),
        '{"msgid":"last-broken"',
      ].join('\r\n'),
    ],
    [
      'a JSON array with entries that are no objects, the last one after every record',
      'array.json',
      `[\n${many.slice(0, 6).join(',\n')},\n1,\n"x",\n${many.slice(6).join(',\n')},\n[${'['.repeat(70)}${']'.repeat(70)}],\nnull\n]\n`,
    ],
    [
      'a JSON array on one line',
      'one-line.json',
      `[${many.slice(0, 7).join(',')},true,${many.slice(7).join(',')},false]`,
    ],
    [
      'JSON Lines with a damaged byte, so that offsets are not file offsets',
      'damaged.jsonl',
      Buffer.concat([
        Buffer.from(`${many.slice(0, 3).join('\n')}\n{"msgid":"bad","t":"中`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(`${'x'.repeat(200)}"}\n${many.slice(3).join('\n')}\n`),
      ]),
    ],
    [
      'JSON Lines in GB18030',
      'gb.jsonl',
      Buffer.concat([
        Buffer.from(
          `${many[0]!.replace(/第|条/g, '')}\n{"msgid":"gb","action":"send","from":"a","tolist":[],"msgtime":1603875600001,"msgtype":"text","text":{"content":"`,
        ),
        Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
        Buffer.from(
          `"}}\n${many
            .slice(1, 9)
            .map((l) => l.replace(/第|条/g, ''))
            .join('\n')}\n`,
        ),
      ]),
    ],
  ];

  it.each(
    cases.flatMap(([label, name, content]) =>
      [64, 1 << 20].map((chunkBytes) => [label, chunkBytes, name, content] as const),
    ),
  )(
    'resumes %s, read %i bytes at a time, from the last stored batch, at every batch, to the same store as one run (regression: the resume point went back to the start after a batch without records, and problems were counted twice)',
    async (_name, chunkBytes, name, content) => {
      const where = file(name, content);
      const recordsPerTransaction = 3;
      const whole = store('whole.db');
      const once = await run(whole, where, { recordsPerTransaction, chunkBytes });
      expect(once.state).toBe('done');
      const expected = snapshot(whole);
      expectBalanced(importRows(whole)[0]!);

      let batches = 0;
      await run(store('count.db'), where, {
        recordsPerTransaction,
        chunkBytes,
        onProgress: () => (batches += 1),
      });
      expect(batches).toBeGreaterThan(3);

      for (let cancelAfter = 1; cancelAfter < batches; cancelAfter += 1) {
        const db = store(`cancel-${cancelAfter}.db`);
        const controller = new AbortController();
        let seen = 0;
        const first = await run(db, where, {
          recordsPerTransaction,
          chunkBytes,
          signal: controller.signal,
          onProgress: () => {
            seen += 1;
            if (seen === cancelAfter) controller.abort();
          },
        });
        expect(first.state).toBe('cancelled');
        expect(importRows(db)[0]).toMatchObject({ state: 'cancelled' });
        const second = await run(db, where, { recordsPerTransaction, chunkBytes });
        expect(second).toMatchObject({ state: 'done', importId: first.importId, resumed: true });
        const after = snapshot(db);
        expect(after, `cancelled after batch ${cancelAfter}`).toEqual(expected);
        expectBalanced(importRows(db)[0]!);
      }
    },
  );
});
