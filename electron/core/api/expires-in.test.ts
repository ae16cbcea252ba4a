import { describe, expect, it } from 'vitest';

import { formatChinaDateTime, parseDateTime } from './china-time.js';
import { expiryFromExpiresIn } from './expires-in.js';

const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);

describe('expiryFromExpiresIn', () => {
  it.each<[string, unknown, number | null]>([
    ['a China-time date-time', '2026-12-04 18:00:00', Date.UTC(2026, 11, 4, 10)],
    ['a China-time date-time with T', '2026-12-04T18:00:00', Date.UTC(2026, 11, 4, 10)],
    ['a UTC date-time', '2026-12-04T10:00:00.000Z', Date.UTC(2026, 11, 4, 10)],
    ['an offset without colon', '2026-12-04 05:00:00-0500', Date.UTC(2026, 11, 4, 10)],
    ['seconds', 7200, NOW + 7_200_000],
    ['seconds as text', ' 7200 ', NOW + 7_200_000],
    ['Unix seconds', 1_764_842_400, 1_764_842_400_000],
    ['Unix milliseconds', 1_764_842_400_000, 1_764_842_400_000],
    ['zero', 0, null],
    ['a negative number', -5, null],
    ['a word', 'soon', null],
    ['a missing value', undefined, null],
    ['a time that does not exist', '2026-12-04 24:00:00', null],
    ['a day that does not exist', '2026-02-29 10:00:00', null],
  ])('reads %s', (_, value, expected) => {
    expect(expiryFromExpiresIn(value, NOW)).toBe(expected);
  });
});

describe('China time', () => {
  it('writes the SCRM form in UTC+8, crossing midnight', () => {
    expect(formatChinaDateTime(Date.UTC(2026, 11, 31, 16, 5, 9))).toBe('2027-01-01 00:05:09');
  });

  it('reads back what it writes', () => {
    const at = Date.UTC(2026, 5, 15, 3, 4, 5);
    expect(parseDateTime(formatChinaDateTime(at))).toBe(at);
  });
});
