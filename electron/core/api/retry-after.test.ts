import { describe, expect, it } from 'vitest';

import { parseRetryAfter } from './retry-after.js';

const NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('parseRetryAfter', () => {
  it.each<[string, string | null, number | undefined]>([
    ['seconds', '30', 30_000],
    ['zero seconds', '0', 0],
    ['an HTTP date', new Date(NOW + 45_000).toUTCString(), 45_000],
    ['an HTTP date in the past', new Date(NOW - 45_000).toUTCString(), 0],
    ['no header', null, undefined],
    ['a negative number', '-3', undefined],
    ['a fraction', '1.5', undefined],
    ['words', 'later', undefined],
  ])('reads %s', (_, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});
