import { describe, expect, it } from 'vitest';

import { processRecord } from './process-record.js';

const MSGTIME = 1709251225000;

function line(seq: string): string {
  return `{"msgid":"m1","action":"send","from":"a","tolist":["b"],"roomid":"","msgtime":${MSGTIME},"msgtype":"text","seq":${seq},"text":{"content":"hi"}}`;
}

describe('processRecord', () => {
  it.each([
    ['a small seq', '7'],
    ['a seq above 2^53', '18446744073709551615'],
  ])('keeps the msgtime of a message with %s', (_, seq) => {
    // Regression: a seq above 2^53 used to store the message at msgtime 0, so it sorted
    // before every other message and escaped the cutoff.
    const [outcome] = processRecord(line(seq), 1);

    expect(outcome?.kind).toBe('message');
    if (outcome?.kind !== 'message') return;
    expect(outcome.message.msgtime).toBe(MSGTIME);
    expect(outcome.message.valid).toBe(true);
    expect(outcome.message.payload).toContain(`"seq":${seq}`);
  });
});
