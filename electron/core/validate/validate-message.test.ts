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

  it.each([
    [
      'a message without msgtype',
      { msgid: 'a', action: 'send', from: 'u', tolist: [], msgtime: 1 },
      'msgtype',
      'Field msgtype is missing.',
    ],
    [
      'a message with an empty msgtype',
      { msgid: 'a', action: 'send', from: 'u', tolist: [], msgtime: 1, msgtype: '' },
      'msgtype',
      'Field msgtype is empty.',
    ],
    [
      'form details that are no list',
      { ...fixtures[14], collect: { title: 't', details: 'none' } },
      'collect.details',
      'Field collect.details should be a list, but it is the text "none".',
    ],
    [
      'screen sharing data that is no list',
      { ...fixtures[23], meeting_voice_call: { sdkfileid: 'x', sharescreendata: {} } },
      'meeting_voice_call.sharescreendata',
      'Field meeting_voice_call.sharescreendata should be a list, but it is an object.',
    ],
    [
      'a news message without its payload',
      { ...fixtures[20], info: undefined },
      'info',
      'Field info is missing.',
    ],
    [
      'a switch record without its user',
      { msgid: 's', action: 'switch', time: 1554119421840 },
      'user',
      'Field user is missing.',
    ],
    [
      'a negative file size',
      { ...fixtures[10], file: { ...(fixtures[10]!['file'] as object), filesize: -1 } },
      'file.filesize',
      'Field file.filesize should be a whole number from 0 to 18446744073709551615, but it is the number -1.',
    ],
    [
      'a fraction of a second',
      { ...fixtures[0], msgtime: 1.5 },
      'msgtime',
      'Field msgtime should be a whole number from 0 to 18446744073709551615, but it is the number 1.5.',
    ],
    [
      'a seq beyond 64 bits',
      { ...fixtures[0], seq: 18446744073709551616n },
      'seq',
      'Field seq should be a whole number from 0 to 18446744073709551615, but it is the number 18446744073709551616.',
    ],
  ])(
    'says in a sentence what is wrong with %s (regression: some sentences were zod defaults)',
    (_name, message, path, sentence) => {
      const problems = validateMessage(message as Record<string, unknown>);
      expect(problems.map((p) => [p.path, p.message])).toEqual([[path, sentence]]);
    },
  );

  it('accepts a message of a type the upload does not know when its base fields are right', () => {
    expect(
      validateMessage({
        msgid: 'a',
        action: 'send',
        from: 'u',
        tolist: [],
        msgtime: 1,
        msgtype: 'x',
      }),
    ).toEqual([]);
  });
});
