import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  ExportFileError,
  ExportReader,
  READ_CHUNK_BYTES,
  type ReadOptions,
} from './export-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'export-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(bytes: Buffer | string, name = 'export.jsonl'): string {
  fileCount += 1;
  const where = path.join(dir, `${fileCount}-${name}`);
  writeFileSync(where, bytes);
  return where;
}

function readAll(where: string, options: ReadOptions = {}) {
  const reader = new ExportReader(where);
  const batches = [...reader.batches(options)];
  return {
    reader,
    batches,
    records: batches.flatMap((batch) => batch.records),
    problems: batches.flatMap((batch) => batch.problems),
    warnings: batches.flatMap((batch) => batch.warnings),
  };
}

// Node has no GB18030 encoder: 你 C4 E3, 好 BA C3, 中 D6 D0, 文 CE C4.
const GB_BYTES = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xd6, 0xd0, 0xce, 0xc4]);
const GB_TEXT = '你好中文';

const LINES = [
  '{"msgid":"a","action":"send","text":{"content":"你好中文"}}',
  '{"msgid":"b","action":"send","text":{"content":"😀 é"}}',
  '{"msgid":"c","action":"send","text":{"content":"{[\\"]}\\\\"}}',
];
const JSONL = `${LINES[0]}\r\n\r\n${LINES[1]}\n${LINES[2]}\n`;
const JSON_ARRAY = `[\n  ${LINES[0]},\n  ${LINES[1]},\n\n  ${LINES[2]}\n]\n`;

const ENCODED: Array<[string, (text: string) => Buffer, string, number]> = [
  ['UTF-8', (text) => Buffer.from(text), 'utf8', 0],
  ['UTF-8 with a BOM', (text) => Buffer.from(`\uFEFF${text}`), 'utf8', 3],
  ['UTF-16 LE', (text) => Buffer.from(`\uFEFF${text}`, 'utf16le'), 'utf16le', 2],
  ['UTF-16 BE', (text) => Buffer.from(`\uFEFF${text}`, 'utf16le').swap16(), 'utf16be', 2],
  ['UTF-16 LE without a BOM', (text) => Buffer.from(text, 'utf16le'), 'utf16le', 0],
  ['UTF-16 BE without a BOM', (text) => Buffer.from(text, 'utf16le').swap16(), 'utf16be', 0],
];

describe('ExportReader reads every encoding and format alike', () => {
  describe.each(ENCODED)('%s', (_name, encode, encoding, bomLength) => {
    it.each([
      ['JSON Lines', JSONL, 'jsonl', [1, 3, 4]],
      ['a JSON array', JSON_ARRAY, 'json', [2, 3, 5]],
    ])('as %s, in reads of any size', (_format, text, format, lines) => {
      const where = file(encode(text));
      const whole = readAll(where);
      expect(whole.reader.info).toMatchObject({ format, encoding, bomLength });
      expect(whole.records.map((r) => [r.text.trim().replace(/,$/, ''), r.line])).toEqual(
        LINES.map((line, index) => [line, lines[index]]),
      );
      expect(whole.problems).toEqual([]);
      expect(whole.warnings).toEqual([]);
      for (let chunkBytes = 1; chunkBytes <= 7; chunkBytes += 1) {
        expect(readAll(where, { chunkBytes }).records).toEqual(whole.records);
      }
    });
  });

  it('gives offsets that point at each record in the UTF-8 file, after its BOM', () => {
    for (const [bom, text] of [
      ['', JSONL],
      ['\uFEFF', JSONL],
      ['', JSON_ARRAY],
      ['\uFEFF', JSON_ARRAY],
    ] as const) {
      const bytes = Buffer.from(bom + text);
      const { records, reader } = readAll(file(bytes), { chunkBytes: 5 });
      const body = bytes.subarray(reader.info.bomLength);
      for (const record of records) {
        expect(body.toString('utf8', record.offset, record.offset + record.length)).toBe(
          record.text,
        );
      }
    }
  });

  it('reads GB18030 built by hand, in reads of any size', () => {
    const bytes = Buffer.concat([
      Buffer.from('{"msgid":"g","text":{"content":"'),
      GB_BYTES,
      Buffer.from('"}}\r\n{"msgid":"h"}\r\n'),
    ]);
    const where = file(bytes);
    for (const chunkBytes of [1, 2, 3, 4, 5, 6, 7, READ_CHUNK_BYTES]) {
      const { reader, records, warnings } = readAll(where, { chunkBytes });
      expect(reader.info.encoding).toBe('gb18030');
      expect(records.map((r) => r.text)).toEqual([
        `{"msgid":"g","text":{"content":"${GB_TEXT}"}}`,
        '{"msgid":"h"}',
      ]);
      expect(warnings).toEqual([]);
    }
  });

  it('switches to GB18030 where GB18030 bytes first appear after more than a head of ASCII, and says from which line', () => {
    const ascii = `${'{"msgid":"ascii","text":{"content":"x"}}\n'.repeat(30_000)}`;
    expect(ascii.length).toBeGreaterThan(READ_CHUNK_BYTES);
    const bytes = Buffer.concat([
      Buffer.from(ascii),
      Buffer.from('{"msgid":"g","text":{"content":"'),
      GB_BYTES,
      Buffer.from('"}}\n'),
    ]);
    const { reader, records, warnings } = readAll(file(bytes));
    expect(reader.info.encoding).toBe('utf8');
    expect(reader.encoding).toBe('gb18030');
    expect(records.length).toBe(30_001);
    expect(records.at(-1)).toMatchObject({
      line: 30_001,
      text: `{"msgid":"g","text":{"content":"${GB_TEXT}"}}`,
    });
    expect(warnings).toEqual([
      expect.objectContaining({ line: 30_001, code: 'read_as_gb18030', fatal: false }),
    ]);
    expect(warnings[0]!.message).toMatch(/^From line 30001 on, the file is not valid UTF-8/);
  });

  it('replaces a stray byte in a UTF-8 file and warns once, naming its line', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${LINES[0]}\n{"msgid":"x","text":{"content":"中`),
      Buffer.from([0xff]),
      Buffer.from(`"}}\n${LINES[1]}\n{"msgid":"y","text":{"content":"`),
      Buffer.from([0xfe]),
      Buffer.from('"}}\n'),
    ]);
    const where = file(bytes);
    for (const chunkBytes of [1, 3, 7, READ_CHUNK_BYTES]) {
      const { reader, records, warnings } = readAll(where, { chunkBytes });
      expect(reader.encoding).toBe('utf8');
      expect(records.map((r) => r.text)).toEqual([
        LINES[0],
        '{"msgid":"x","text":{"content":"中\uFFFD"}}',
        LINES[1],
        '{"msgid":"y","text":{"content":"\uFFFD"}}',
      ]);
      expect(warnings.map((w) => [w.code, w.line])).toEqual([['invalid_bytes', 2]]);
      expect(warnings[0]!.message).toBe(
        'Line 2 holds bytes that are not valid UTF-8; they were replaced with "\uFFFD", so the text there is damaged. Later lines may hold more such bytes.',
      );
      expect(reader.decodeNotes.firstInvalidByte?.sourceAt).toBe(
        Buffer.byteLength(`${LINES[0]}\n{"msgid":"x","text":{"content":"中`),
      );
    }
  });
});

describe('ExportReader batches', () => {
  const many = Array.from({ length: 10 }, (_, index) => `{"msgid":"m${index}"}`);

  it('holds at most batchSize records, even when one read holds more (regression: one read made one batch)', () => {
    const { batches } = readAll(file(`${many.join('\n')}\n`), { batchSize: 3 });
    expect(batches.map((batch) => batch.records.length)).toEqual([3, 3, 3, 1]);
    expect(batches.flatMap((batch) => batch.records.map((r) => r.line))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
  });

  it('ends a batch once its records reach batchBytes, so large messages never pile up', () => {
    // Each record is 15 bytes; 40 bytes end a batch with the record that crosses them.
    const { batches } = readAll(file(`${many.join('\n')}\n`), { batchSize: 100, batchBytes: 40 });
    expect(batches.map((batch) => batch.records.length)).toEqual([3, 3, 3, 1]);
    const huge = `{"msgid":"h","text":{"content":"${'x'.repeat(5000)}"}}`;
    const { batches: alone } = readAll(file(`${huge}\n${huge}\n${many[0]}\n`), {
      batchSize: 100,
      batchBytes: 1000,
    });
    expect(alone.map((batch) => batch.records.length)).toEqual([1, 1, 1]);
  });

  it('puts each problem in the batch of the records around it', () => {
    const text = `[\n${many.slice(0, 4).join(',\n')},\n7,\n${many.slice(4).join(',\n')}\n]`;
    const { batches } = readAll(file(text, 'export.json'), { batchSize: 3 });
    expect(
      batches.map((batch) => [batch.records.map((r) => r.line), batch.problems.map((p) => p.line)]),
    ).toEqual([
      [[2, 3, 4], []],
      [[5, 7, 8], [6]],
      [[9, 10, 11], []],
      [[12], []],
    ]);
  });

  it('reads the same records in reads of any size', () => {
    const where = file(`${many.join('\r\n')}`);
    const whole = readAll(where).records;
    for (let chunkBytes = 1; chunkBytes <= 7; chunkBytes += 1) {
      expect(readAll(where, { chunkBytes, batchSize: 4 }).records).toEqual(whole);
    }
  });

  it('keeps good lines of JSON Lines around a broken one, which is handed on as it is', () => {
    const text = `${many[0]}\n{"msgid":"broken",\n${many[1]}\n`;
    const { records, problems } = readAll(file(text));
    expect(records.map((r) => [r.line, r.text])).toEqual([
      [1, many[0]],
      [2, '{"msgid":"broken",'],
      [3, many[1]],
    ]);
    expect(problems).toEqual([]);
  });

  it('reads JSON Lines whose lines are one-line wrappers as lines', () => {
    const wrapper = `{"errcode":0,"errmsg":"ok","chatdata":[${many[0]}]}`;
    const { reader, records } = readAll(file(`${wrapper}\n{"broken":\n${wrapper}\n`));
    expect(reader.info.format).toBe('jsonl');
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('stops at a JSON document cut off, with the fatal problem last', () => {
    const text = `[\n${many[0]},\n${many[1]},\n{"msgid":"cut`;
    for (const chunkBytes of [2, READ_CHUNK_BYTES]) {
      const { records, problems } = readAll(file(text, 'cut.json'), { chunkBytes });
      expect(records.map((r) => r.line)).toEqual([2, 3]);
      expect(problems.map((p) => [p.fatal, p.message])).toEqual([
        [
          true,
          'The file ends before its JSON is complete (at line 4). The record that starts at line 4 is cut off.',
        ],
      ]);
    }
  });

  it('resumes JSON Lines at a stored line break with the next line', () => {
    const text = `${many.join('\n')}\n`;
    const where = file(text);
    const offset = text.indexOf('\n', text.indexOf(many[3]!));
    const { records } = readAll(where, { resumeAt: { offset, line: 4 }, chunkBytes: 3 });
    expect(records.map((r) => [r.line, r.offset])).toEqual(
      many.slice(4).map((line) => [many.indexOf(line) + 1, text.indexOf(line)]),
    );
  });

  it('reads from the start when the head held damaged bytes, since offsets are not file offsets then', () => {
    const text = Buffer.concat([
      Buffer.from(`{"msgid":"a","t":"中`),
      Buffer.from([0xff]),
      Buffer.from(`"}\n${many.join('\n')}\n`),
    ]);
    const { records } = readAll(file(text), { resumeAt: { offset: 30, line: 3 } });
    expect(records.length).toBe(11);
  });
});

describe('ExportReader refuses what is no export', () => {
  it.each([
    ['an empty file', '', 'empty', 'The file is empty: it holds no messages.'],
    [
      'a file of blank space',
      '\r\n  \n\t',
      'empty',
      'The file holds only blank space: it holds no messages.',
    ],
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'not_json',
      null,
    ],
    ['a CSV file', 'msgid,action\n1,send\n', 'not_json', null],
  ])('refuses %s with a sentence', (_name, bytes, code, message) => {
    const where = file(bytes);
    let caught: unknown;
    try {
      new ExportReader(where);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExportFileError);
    expect((caught as ExportFileError).code).toBe(code);
    if (message) expect((caught as ExportFileError).message).toBe(message);
    else expect((caught as ExportFileError).message).toMatch(/^The file does not start like/);
  });

  it('refuses a folder', () => {
    const folder = path.join(dir, 'a-folder');
    mkdirSync(folder);
    expect(() => new ExportReader(folder)).toThrow(`${folder} is a folder, not an export file.`);
  });

  it('leaves the file as it was', () => {
    const where = file(JSONL);
    readAll(where, { chunkBytes: 2 });
    expect(readFileSync(where, 'utf8')).toBe(JSONL);
  });
});

describe('files that are not regular files', () => {
  it('refuses a pipe before opening it (regression: importing a FIFO waited forever)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reader-fifo-'));
    const fifo = path.join(dir, 'export.jsonl');
    try {
      execFileSync('mkfifo', [fifo]);
      expect(() => new ExportReader(fifo)).toThrow(/is not a regular file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
