import { describe, expect, it } from 'vitest';

import { parseExact, stringifyExact } from './exact-json.js';

describe('parseExact', () => {
  it.each<[string, string, unknown]>([
    ['no large number', '{"a":1,"b":1.5}', { a: 1, b: 1.5 }],
    ['the largest safe integer', '{"a":9007199254740991}', { a: 9007199254740991 }],
    ['one above it', '{"a":9007199254740992}', { a: 9007199254740992n }],
    ['a uint64', '{"seq":18446744073709551615}', { seq: 18446744073709551615n }],
    ['a negative one', '[-18446744073709551615]', [-18446744073709551615n]],
    ['a long fraction', '[1234567890123456.5]', [1234567890123456.5]],
  ])('reads %s', (_, text, expected) => {
    expect(parseExact(text)).toEqual(expected);
  });

  it('keeps safe integers as numbers beside an unsafe one', () => {
    // Regression: one large seq made every integer of the message a bigint, msgtime included,
    // and the importer then stored the message at time 0, before the cutoff and out of order.
    const parsed = parseExact(
      '{"msgtime":1709251225000,"seq":18446744073709551615,"votetype":101}',
    ) as Record<string, unknown>;

    expect(parsed['msgtime']).toBe(1709251225000);
    expect(parsed['votetype']).toBe(101);
    expect(parsed['seq']).toBe(18446744073709551615n);
  });

  it('writes back what it read, digit for digit', () => {
    const text =
      '{"msgtime":1709251225000,"seq":18446744073709551615,"meetingid":9007199254740993}';

    expect(stringifyExact(parseExact(text))).toBe(text);
  });
});
