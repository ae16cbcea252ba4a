import { describe, expect, it } from 'vitest';

import { mayHoldLargeInteger, parseExact, stringifyExact } from './exact-json.js';

describe('parseExact and stringifyExact', () => {
  it.each([
    ['seq at the top of uint64', '{"seq":18446744073709551615}'],
    ['a meeting id above 2^53', '{"meeting":{"meetingid":9007199254740993}}'],
    ['ids in a list', '{"details":[{"id":12345678901234567890},{"id":1}]}'],
    ['a negative one', '{"a":-9223372036854775808}'],
    ['a file size after blank space', '{"file":{"filesize": 99999999999999999}}'],
    ['big numbers in an array', '[18446744073709551615,18446744073709551614]'],
  ])('keep %s digit for digit', (_name, text) => {
    expect(stringifyExact(parseExact(text))).toBe(text.replace(': ', ':'));
  });

  it('turns only unsafe integers into bigint (regression: one long number made every integer of the record a bigint)', () => {
    expect(parseExact('{"a":9007199254740993,"b":9007199254740991,"c":1.5}')).toEqual({
      a: 9007199254740993n,
      b: 9007199254740991,
      c: 1.5,
    });
  });

  it.each([
    ['latitude and longitude', '{"latitude":39.911125799,"longitude":116.586285899}'],
    [
      'a float with many digits and a big integer',
      '{"x":0.1234567890123456,"seq":18446744073709551615}',
    ],
    ['small integers', '{"zoom":15,"type":1}'],
  ])('keep %s as they were', (_name, text) => {
    expect(stringifyExact(parseExact(text))).toBe(text);
  });

  it('leaves long digit runs inside strings as strings', () => {
    expect(parseExact('{"msgid":"18446744073709551615123"}')).toEqual({
      msgid: '18446744073709551615123',
    });
  });

  it.each([
    ['a 16-digit value', '{"a":1234567890123456}', true],
    ['a 15-digit value', '{"a":123456789012345}', false],
    ['a 16-digit list entry', '[1,1234567890123456]', true],
    ['a decimal with many digits after the point', '{"a":1.1234567890123456}', false],
  ])('looks closer at %s: %s', (_name, text, slow) => {
    expect(mayHoldLargeInteger(text)).toBe(slow);
  });
});
