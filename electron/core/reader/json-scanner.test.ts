import { describe, expect, it } from 'vitest';

import { JsonScanner } from './json-scanner.js';
import { MAX_NESTING, type FileProblem, type RawRecord, type RecordSink } from './raw-record.js';

class Collect implements RecordSink {
  records: RawRecord[] = [];
  problems: FileProblem[] = [];
  record(record: RawRecord): void {
    this.records.push(record);
  }
  problem(problem: FileProblem): void {
    this.problems.push(problem);
  }
}

function scan(text: string | Buffer, size = Infinity, maxRecordBytes?: number): Collect {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const sink = new Collect();
  const scanner = new JsonScanner(sink, maxRecordBytes);
  const step = Math.min(size, Math.max(bytes.length, 1));
  for (let at = 0; at < bytes.length; at += step) scanner.push(bytes.subarray(at, at + step));
  scanner.end();
  return sink;
}

/** The records as [text, line], after checking that each offset and length point at its text. */
function found(text: string, size = Infinity): Array<[string, number]> {
  const bytes = Buffer.from(text);
  const { records, problems } = scan(bytes, size);
  expect(problems).toEqual([]);
  for (const record of records) {
    expect(bytes.toString('utf8', record.offset, record.offset + record.length)).toBe(record.text);
  }
  return records.map((record) => [record.text, record.line]);
}

const A = '{"msgid":"a","text":{"content":"中文"}}';
const B = '{"msgid":"b","tolist":["x","y"]}';

describe('JsonScanner finds the records', () => {
  it.each([
    ['an array, one object per line', `[\n${A},\n${B}\n]\n`, [2, 3]],
    ['an array on one line', `[${A},${B}]`, [1, 1]],
    [
      'a pretty-printed array',
      `[\n  {\n    "msgid": "a"\n  },\n  {\n    "msgid": "b"\n  }\n]`,
      [2, 5],
    ],
    ['a msg_list wrapper', `{"msg_list":[\n${A},\n${B}\n]}`, [2, 3]],
    [
      'a chatdata wrapper after errcode and errmsg',
      `{"errcode":0,"errmsg":"ok","chatdata":[${A},\n${B}]}`,
      [1, 2],
    ],
    [
      'a wrapper with a nested object before the list',
      `{"meta":{"a":[1],"b":{"c":2}},"data":[${A}]}`,
      [1],
    ],
    ['a wrapper with keys after the list', `{"msgList":[${A}],"errcode":0,"next":"x"}`, [1]],
    ['a messages wrapper', `{\n"messages":[${A},${B}]\n}`, [2, 2]],
    ['a single pretty-printed message', `{\n  "msgid": "a",\n  "tolist": ["x"]\n}\n`, [1]],
    ['concatenated pretty-printed objects', `{\n"msgid":"a"\n}\n{\n"msgid":"b"\n}`, [1, 4]],
    ['concatenated objects on one line', `${A}${B}`, [1, 1]],
    ['two arrays one after the other', `[${A}]\n[${B}]`, [1, 2]],
    ['an empty array', '[]', []],
    ['an empty wrapper list', '{"errcode":0,"errmsg":"ok","chatdata":[]}', []],
  ])('in %s', (_name, text, lines) => {
    const records = found(text);
    expect(records.map(([, line]) => line)).toEqual(lines);
    for (let size = 1; size <= 7; size += 1) expect(found(text, size)).toEqual(records);
  });

  it('hands over each record exactly as it stands in the file', () => {
    expect(found(`[${A} , ${B}]`)).toEqual([
      [A, 1],
      [B, 1],
    ]);
  });

  it.each([
    ['brackets', '{"t":"a { b } [ c ] {{"}'],
    ['an escaped quote', '{"t":"say \\"hi\\" {"}'],
    ['a backslash right before the closing quote', '{"t":"C:\\\\"}'],
    ['two backslashes and an escaped quote', '{"t":"\\\\\\"}]"}'],
    ['an escaped quote right before the closing quote', '{"t":"end\\""}'],
    ['a unicode escape', '{"t":"\\u007b\\u005d"}'],
    ['a key with brackets', '{"[msg_list]":"{"}'],
  ])('inside strings with %s, cut anywhere', (_name, record) => {
    const text = `[${record},\n${B}]`;
    const expected: Array<[string, number]> = [
      [record, 1],
      [B, 2],
    ];
    for (let size = 1; size <= text.length; size += 1) expect(found(text, size)).toEqual(expected);
  });

  it('keeps a syntax error inside its record and finds the next one', () => {
    const text = `[{"msgid":"a",,"x":}, ${B}]`;
    expect(found(text).map(([t]) => t)).toEqual(['{"msgid":"a",,"x":}', B]);
  });

  it('keeps line numbers right after raw line breaks inside strings', () => {
    const text = `[{"t":"a\nb"},\n${B}]`;
    expect(found(text).map(([, line]) => line)).toEqual([1, 3]);
  });

  it('counts offsets in UTF-8 bytes across chunks', () => {
    const text = `[\n{"t":"中文😀"},\n{"t":"é"}\n]`;
    for (let size = 1; size <= 7; size += 1) {
      const bytes = Buffer.from(text);
      const { records } = scan(bytes, size);
      expect(records.map((r) => r.offset)).toEqual([2, 2 + Buffer.byteLength('{"t":"中文😀"},\n')]);
    }
  });
});

describe('JsonScanner reports what is not a record', () => {
  it('reports each scalar entry of the list with its line and offset, and goes on', () => {
    const text = `[\n1,\n"x",\ntrue, null,\n${A}\n]`;
    for (let size = 1; size <= 7; size += 1) {
      const { records, problems } = scan(text, size);
      expect(records.map((r) => r.line)).toEqual([5]);
      expect(problems.map((p) => [p.code, p.line, p.offset])).toEqual([
        ['not_an_object', 2, 2],
        ['not_an_object', 3, 5],
        ['not_an_object', 4, 10],
        ['not_an_object', 4, 16],
      ]);
      expect(problems[0]!.message).toBe(
        'The list entry at line 2 is not a JSON object, so it cannot be a message; it was skipped.',
      );
    }
  });

  it('stops at a file cut off in the middle of a record, naming the line where the record starts', () => {
    const text = `[\n${A},\n{"msgid":"b",\n"text":{"content":"cut`;
    for (let size = 1; size <= 7; size += 1) {
      const { records, problems } = scan(text, size);
      expect(records.map((r) => r.line)).toEqual([2]);
      expect(problems).toEqual([
        expect.objectContaining({ code: 'broken_json', fatal: true, line: 4 }),
      ]);
      expect(problems[0]!.message).toBe(
        'The file ends before its JSON is complete (at line 4). The record that starts at line 3 is cut off.',
      );
    }
  });

  it('stops at a file cut off between records', () => {
    const { problems } = scan(`[${A},`);
    expect(problems.map((p) => [p.fatal, p.message])).toEqual([
      [true, 'The file ends before its JSON is complete (at line 1).'],
    ]);
  });

  it('stops at a bracket that was never opened', () => {
    const { records, problems } = scan(`[${A}]\n]\n[${B}]`);
    expect(records.length).toBe(1);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        offset: Buffer.byteLength(`[${A}]\n`),
        fatal: true,
        message:
          'Line 2 closes a bracket that was never opened; the rest of the file cannot be read.',
      }),
    ]);
  });

  it('stops at text outside any JSON value', () => {
    const { problems } = scan(`[${A}]\nnot json`);
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        fatal: true,
        message: 'Line 2 has text outside any JSON value; the file is not JSON.',
      }),
    ]);
  });

  it('skips a record nested deeper than the limit without recursion, and goes on', () => {
    const depth = 100_000;
    const deep = `{"x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const { records, problems } = scan(`[\n${deep},\n${B}]`, 64 * 1024);
    expect(records.map((r) => r.text)).toEqual([B]);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'too_deep', line: 2, offset: 2, fatal: false }),
    ]);
    expect(problems[0]!.message).toContain(`deeper than ${MAX_NESTING} levels`);
  });

  it('keeps a record nested exactly as deep as the limit', () => {
    const record = `${'['.repeat(MAX_NESTING)}${']'.repeat(MAX_NESTING)}`;
    expect(scan(`[${record}]`).records.map((r) => r.text)).toEqual([record]);
  });

  it('skips a record larger than the limit, whatever the chunk size, and goes on', () => {
    const big = `{"t":"${'x'.repeat(100)}"}`;
    const text = `[${A},\n${big},\n${B}]`;
    for (const size of [1, 5, 7, 64, 1024]) {
      const { records, problems } = scan(text, size, 80);
      expect(records.map((r) => r.text)).toEqual([A, B]);
      expect(problems).toEqual([
        expect.objectContaining({
          code: 'record_too_large',
          line: 2,
          offset: Buffer.byteLength(`[${A},\n`),
          fatal: false,
        }),
      ]);
    }
  });

  it('keeps a record exactly as large as the limit', () => {
    expect(scan(`[${A}]`, 3, Buffer.byteLength(A)).records.map((r) => r.text)).toEqual([A]);
  });

  it('says so when a single object too large holds no message list', () => {
    const { problems } = scan(`{"x":"${'y'.repeat(100)}"}`, 16, 50);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining('holds no msg_list or chatdata list'),
    ]);
  });

  it('says so in one sentence when the only object is neither a message nor a wrapper', () => {
    const text = '{\n  "errcode": 0,\n  "action": "list",\n  "from": "api"\n}\n';
    for (let size = 1; size <= 7; size += 1) {
      const { records, problems } = scan(text, size);
      expect(records).toEqual([]);
      expect(problems).toEqual([
        expect.objectContaining({ line: 1, offset: 0, code: 'no_messages', fatal: false }),
      ]);
    }
    // A message with a defect is still a message: its problems are the validator's to name.
    expect(scan('{"msgtype":"text","text":{"content":"x"}}').records).toHaveLength(1);
  });

  it('does not keep a large wrapper object, only the records in its list', () => {
    const text = `{"errmsg":"${'y'.repeat(100)}","chatdata":[${A}]}`;
    const { records, problems } = scan(text, 16, 60);
    expect(records.map((r) => r.text)).toEqual([A]);
    expect(problems).toEqual([]);
  });
});
