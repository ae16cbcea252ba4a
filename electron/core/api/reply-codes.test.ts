import { describe, expect, it } from 'vitest';

import { classifyReply, replyCodesWith } from './reply-codes.js';
import type { ReplyClass } from './reply-codes.js';

describe('classifyReply', () => {
  it.each<[number | undefined, number, ReplyClass | null]>([
    [0, 200, 'ok'],
    [10001, 200, 'rejected'],
    [40014, 200, 'token-rejected'],
    [42001, 200, 'token-rejected'],
    [45009, 200, 'rate-limited'],
    [undefined, 401, 'token-rejected'],
    [undefined, 429, 'rate-limited'],
    [0, 429, 'rate-limited'],
    [undefined, 200, null],
  ])('reads code %s with HTTP %s as %s', (code, status, expected) => {
    expect(classifyReply(code, status)).toBe(expected);
  });

  it('uses a replaced set instead of the default one', () => {
    const codes = replyCodesWith({ tokenRejected: [123] });
    expect(classifyReply(123, 200, codes)).toBe('token-rejected');
    expect(classifyReply(42001, 200, codes)).toBe('rejected');
    expect(classifyReply(45009, 200, codes)).toBe('rate-limited');
  });
});
