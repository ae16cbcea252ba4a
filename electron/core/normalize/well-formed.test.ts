import { describe, expect, it } from 'vitest';

import { mayHoldLoneSurrogate, repairLoneSurrogates } from './well-formed.js';

const HIGH = '\uD83D';
const LOW = '\uDE00';

describe('mayHoldLoneSurrogate', () => {
  it.each([
    ['a lone high surrogate', { a: `x${HIGH}` }, true],
    ['a lone low surrogate', { a: `${LOW}x` }, true],
    ['a whole emoji', { a: `${HIGH}${LOW}` }, false],
    ['a backslash before a lone surrogate', { a: `\\${HIGH}` }, true],
    ['the text \\ud83d written out', { a: '\\ud83d' }, false],
    ['plain text', { a: '中文' }, false],
  ])('spots %s in JSON text: %s', (_name, value, expected) => {
    expect(mayHoldLoneSurrogate(JSON.stringify(value))).toBe(expected);
  });
});

describe('repairLoneSurrogates', () => {
  it('replaces each lone surrogate and names every field it touched', () => {
    const { value, notes } = repairLoneSurrogates({
      msgid: 'm',
      tolist: ['ok', `bad${HIGH}`],
      text: { content: `a${LOW}b ${HIGH}${LOW}` },
      chatrecord: { item: [{ content: `{"content":"${HIGH}"}` }] },
    });
    expect(value).toEqual({
      msgid: 'm',
      tolist: ['ok', 'bad\uFFFD'],
      text: { content: `a\uFFFDb ${HIGH}${LOW}` },
      chatrecord: { item: [{ content: '{"content":"\uFFFD"}' }] },
    });
    expect(notes.map((note) => [note.code, note.severity, note.path])).toEqual([
      ['lone_surrogate', 'warning', 'tolist[1]'],
      ['lone_surrogate', 'warning', 'text.content'],
      ['lone_surrogate', 'warning', 'chatrecord.item[0].content'],
    ]);
    expect(notes[1]!.message).toBe(
      'Field text.content holds a broken character (half of a UTF-16 pair); it was replaced with "\uFFFD".',
    );
  });

  it('repairs the name of a field too, and says so', () => {
    const { value, notes } = repairLoneSurrogates({ text: { [`k${HIGH}`]: 1 } });
    expect(value).toEqual({ text: { 'k\uFFFD': 1 } });
    expect(notes.map((note) => note.message)).toEqual([
      'The name of field text.k\uFFFD holds a broken character (half of a UTF-16 pair); it was replaced with "\uFFFD".',
    ]);
  });

  it('leaves other values, big numbers included, as they are', () => {
    const input = { seq: 18446744073709551615n, a: [1, null, true, { b: '中' }] };
    expect(repairLoneSurrogates(input)).toEqual({ value: input, notes: [] });
  });
});
