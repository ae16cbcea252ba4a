import { describe, expect, it } from 'vitest';

import { batchDocument } from './batch-document.js';

function queued(payloads: string[]) {
  return payloads.map((payload, index) => ({ id: index, msgid: `m${index}`, payload }));
}

describe('batchDocument', () => {
  it.each([
    ['no messages', []],
    ['one message', ['{"msgid":"a"}']],
    [
      'Chinese, emoji and escapes',
      ['{"text":"合同 😀"}', '{"text":"\\ud83d\\ude00 \\"q\\""}', '{"seq":18446744073709551615}'],
    ],
  ])('writes exactly the joined payloads for %s', (_, payloads) => {
    const document = batchDocument(queued(payloads));
    expect(document.toString('utf8')).toBe(`{"msg_list":[${payloads.join(',')}]}`);
    expect(document.length).toBe(Buffer.byteLength(`{"msg_list":[${payloads.join(',')}]}`));
  });
});
