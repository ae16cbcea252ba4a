import { describe, expect, it } from 'vitest';

import { csvCell, csvRow } from './csv.js';

describe('csvCell', () => {
  it.each([
    ['plain text', 'plain text'],
    ['with, comma', '"with, comma"'],
    ['with "quotes"', '"with ""quotes"""'],
    ['two\nlines', '"two\nlines"'],
    [42, '42'],
    [null, ''],
  ])('writes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    '=HYPERLINK("http://x")',
    '+1+1',
    '-2+3',
    '@SUM(A1)',
    '\t=1',
    '\r=1',
    '  =1+1',
    '\u200b=1+1',
    '\ufeff=1',
    '＝1+1',
    '＋1',
    '－1',
    '＠x',
  ])('defuses %j so that a spreadsheet shows it as text', (value) => {
    expect(csvCell(value).replace(/^"/, '')).toMatch(/^'/);
  });

  it('leaves numbers that are numbers alone', () => {
    expect(csvCell(-5)).toBe('-5');
  });

  it('ends rows with CRLF', () => {
    expect(csvRow(['a', 'b'])).toBe('a,b\r\n');
  });
});
