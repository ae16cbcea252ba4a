import { describe, expect, it } from 'vitest';

import { LineSplitter } from './line-splitter.js';
import type { FileProblem, RawRecord, RecordSink } from './raw-record.js';

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

function split(
  bytes: Buffer,
  size: number,
  maxLineBytes?: number,
  startAt?: { offset: number; line: number },
): Collect {
  const sink = new Collect();
  const splitter = new LineSplitter(sink, maxLineBytes);
  const from = startAt?.offset ?? 0;
  if (startAt) splitter.startAt(startAt.offset, startAt.line);
  for (let at = from; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size));
  splitter.end();
  return sink;
}

const TEXT = '{"a":"中文"}\r\n\r\n  \n{"b":"😀"}\n\n{"c":3}';

describe('LineSplitter', () => {
  it('gives every non-blank line with its number, its offset and its length', () => {
    const bytes = Buffer.from(TEXT);
    const { records, problems } = split(bytes, bytes.length);
    expect(records.map((r) => [r.text, r.line])).toEqual([
      ['{"a":"中文"}', 1],
      ['{"b":"😀"}', 4],
      ['{"c":3}', 6],
    ]);
    expect(problems).toEqual([]);
    for (const record of records) {
      expect(bytes.toString('utf8', record.offset, record.offset + record.length)).toBe(
        record.text,
      );
    }
  });

  it('splits the same way whatever the chunk size', () => {
    const bytes = Buffer.from(TEXT);
    const whole = split(bytes, bytes.length);
    for (let size = 1; size <= 7; size += 1) expect(split(bytes, size)).toEqual(whole);
  });

  it.each([
    ['fits exactly', 'x'.repeat(8), 8, 1, 0],
    ['fits exactly before a CRLF', `${'x'.repeat(8)}\r`, 8, 1, 0],
    ['is one byte too long', 'x'.repeat(9), 8, 0, 1],
    ['is far too long', 'x'.repeat(40), 8, 0, 1],
  ])(
    'handles a line that %s the same way in every chunk size',
    (_name, line, max, records, problems) => {
      const bytes = Buffer.from(`{"a":1}\n${line}\n{"b":2}\n`);
      for (let size = 1; size <= bytes.length; size += 1) {
        const sink = split(bytes, size, max);
        expect(sink.records.length).toBe(records + 2);
        expect(sink.problems.length).toBe(problems);
      }
    },
  );

  it('keeps a line of exactly the limit before a CRLF cut across chunks (regression: it was skipped as too long)', () => {
    const bytes = Buffer.from(`${'x'.repeat(8)}\r\n`);
    expect(split(bytes, 9, 8).records.map((r) => r.length)).toEqual([8]);
  });

  it('reports a line that is too long with its line and offset, and goes on', () => {
    const bytes = Buffer.from(`{"a":1}\r\n${'y'.repeat(30)}\r\n{"b":2}`);
    for (const size of [1, 3, 64]) {
      const { records, problems } = split(bytes, size, 10);
      expect(records.map((r) => r.line)).toEqual([1, 3]);
      expect(problems).toEqual([
        expect.objectContaining({ line: 2, offset: 9, code: 'line_too_long', fatal: false }),
      ]);
      expect(problems[0]!.message).toMatch(/^Line 2 is longer than/);
    }
  });

  it('reports a last line that is too long and has no line break', () => {
    const { problems } = split(Buffer.from(`{"a":1}\n${'z'.repeat(20)}`), 4, 10);
    expect(problems.map((p) => [p.line, p.offset])).toEqual([[2, 8]]);
  });

  it('resumes after the line break of a stored record with the next line', () => {
    const bytes = Buffer.from('{"a":1}\r\n{"b":2}\n{"c":3}\n');
    const { records } = split(bytes, 2, undefined, { offset: 7, line: 1 });
    expect(records.map((r) => [r.text, r.line, r.offset])).toEqual([
      ['{"b":2}', 2, 9],
      ['{"c":3}', 3, 17],
    ]);
  });

  it('resumes inside a line that was already handled by dropping the rest of it', () => {
    const bytes = Buffer.from(`{"a":1}\n${'y'.repeat(30)}\n{"b":2}\n`);
    const { records, problems } = split(bytes, 5, 10, { offset: 9, line: 2 });
    expect(records.map((r) => [r.text, r.line])).toEqual([['{"b":2}', 3]]);
    expect(problems).toEqual([]);
  });
});
