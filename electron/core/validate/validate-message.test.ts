import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { validateMessage } from './validate-message.js';

const fixtures = readFileSync(
  new URL('../../../test/fixtures/wecom-messages.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('validateMessage', () => {
  it('names the field and what is wrong with it', () => {
    const problems = validateMessage({
      msgid: 'a',
      action: 'send',
      from: 'u',
      tolist: ['v'],
      roomid: '',
      msgtime: 1,
      msgtype: 'text',
      text: { content: 5 },
    });
    expect(problems.map((p) => p.message)).toEqual([
      'Field text.content should be text, but it is the number 5.',
    ]);
  });

  it('reports every problem of a record, not only the first', () => {
    const problems = validateMessage({ msgid: '', action: 'shout', msgtype: 'text' });
    expect(problems.map((p) => p.path)).toEqual([
      'msgid',
      'action',
      'from',
      'tolist',
      'msgtime',
      'text',
    ]);
    expect(problems.find((p) => p.path === 'from')?.message).toBe('Field from is missing.');
  });

  it('accepts integers beyond 2^53 as bigint', () => {
    const problems = validateMessage({ ...fixtures[0], seq: 18446744073709551615n });
    expect(problems).toEqual([]);
  });

  it('rejects integers beyond 64 bits', () => {
    const problems = validateMessage({ ...fixtures[0], seq: 18446744073709551616n });
    expect(problems[0]?.path).toBe('seq');
  });
});
