import { describe, expect, it } from 'vitest';

import { detectFormat } from './detect-format.js';

const MESSAGE = '{"msgid":"a","action":"send","msgtype":"text","text":{"content":"x"}}';
const WRAPPER = `{"errcode":0,"errmsg":"ok","chatdata":[${MESSAGE}]}`;

describe('detectFormat', () => {
  it.each([
    ['messages one per line', `${MESSAGE}\n${MESSAGE}\n`, 'jsonl'],
    ['a message on one line and nothing else', MESSAGE, 'jsonl'],
    ['a switch record first', '{"msgid":"s","action":"switch","time":1,"user":"u"}\n', 'jsonl'],
    [
      'a first line that is broken but starts like a message',
      '{"msgid":"a",\n{"msgid":"b"}',
      'jsonl',
    ],
    ['an array', `[${MESSAGE}]`, 'json'],
    ['an array after blank space', `\n\n  [\n${MESSAGE}\n]`, 'json'],
    ['a pretty-printed object', '{\n  "msgid": "a"\n}', 'json'],
    ['a one-line wrapper alone', WRAPPER, 'json'],
    ['a one-line wrapper and a line break', `${WRAPPER}\n\n`, 'json'],
    [
      'a pretty-printed wrapper',
      '{"errcode":0,"errmsg":"ok","chatdata":[\n  {"msgid":"a"}\n]}',
      'json',
    ],
    ['one-line wrappers, one per line', `${WRAPPER}\n${WRAPPER}\n`, 'jsonl'],
    ['a one-line wrapper followed by messages', `${WRAPPER}\n${MESSAGE}\n`, 'jsonl'],
    ['lines that start with an unknown key', `{"id":1,"msgid":"a"}\n{"id":2,"msgid":"b"}`, 'jsonl'],
  ])('reads %s as %s', (_name, head, format) => {
    expect(detectFormat(head, true)).toEqual({ ok: true, format });
  });

  it.each([
    ['an empty file', '', true, 'empty', 'The file is empty: it holds no messages.'],
    [
      'a file of blank space',
      ' \r\n\t\n',
      true,
      'empty',
      'The file holds only blank space: it holds no messages.',
    ],
    [
      'a head of blank space in a longer file',
      '      ',
      false,
      'not_json',
      'The file starts with a long run of blank space and no JSON.',
    ],
    [
      'a text file',
      'msgid,action\na,send',
      true,
      'not_json',
      'The file does not start like a chat-archive export (JSON Lines or JSON): it starts with "msgid,action".',
    ],
    [
      'binary bytes',
      '\u0000\u0001PK\u0003\u0004',
      true,
      'not_json',
      'The file does not start like a chat-archive export (JSON Lines or JSON): it starts with "\\u0000\\u0001PK\\u0003\\u0004".',
    ],
  ])('refuses %s with a sentence', (_name, head, whole, code, message) => {
    expect(detectFormat(head, whole)).toEqual({ ok: false, code, message });
  });
});
