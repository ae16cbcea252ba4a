import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  describeJsonError,
  MAX_MSGTIME,
  processRecord,
  type MessageInput,
  type RecordOutcome,
} from './process-record.js';
import { searchTokens } from '../store/search-tokens.js';

const lines = readFileSync(
  new URL('../../../test/fixtures/wecom-messages.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n');

function line(msgtype: string): string {
  const found = lines.find((text) => text.includes(`"msgtype":"${msgtype}"`));
  if (!found) throw new Error(`no fixture of type ${msgtype}`);
  return found;
}

function only(outcomes: RecordOutcome[]): RecordOutcome {
  expect(outcomes.length).toBe(1);
  return outcomes[0]!;
}

function message(text: string, at = 1): MessageInput {
  const outcome = only(processRecord(text, at));
  if (outcome.kind !== 'message') throw new Error(`not a message: ${JSON.stringify(outcome)}`);
  return outcome.message;
}

function rejected(text: string, at = 1): Extract<RecordOutcome, { kind: 'rejected' }> {
  const outcome = only(processRecord(text, at));
  if (outcome.kind !== 'rejected') throw new Error(`not rejected: ${JSON.stringify(outcome)}`);
  return outcome;
}

/** A fixture line with some of its text replaced. */
function edit(msgtype: string, from: string, to: string): string {
  const text = line(msgtype);
  expect(text).toContain(from);
  return text.replace(from, to);
}

const TEXT = line('text');

describe('processRecord', () => {
  it('turns every fixture into one valid, supported message with its columns', () => {
    for (const text of lines) {
      const raw = JSON.parse(text) as Record<string, unknown>;
      const result = message(text);
      const isSwitch = raw['msgtype'] === undefined;
      expect(result).toMatchObject({
        msgid: raw['msgid'],
        msgtype: isSwitch ? 'switch' : raw['msgtype'],
        msgtime: isSwitch ? raw['time'] : raw['msgtime'],
        sender: isSwitch ? raw['user'] : raw['from'],
        room: raw['roomid'] ?? '',
        supported: true,
        valid: true,
      });
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    }
  });

  it('stores the upload shape as its payload', () => {
    const payload = JSON.parse(message(line('docmsg')).payload) as Record<string, unknown>;
    expect(payload['docmsg']).toEqual({
      title: '测试&演示客户',
      doc_creator: 'test',
      link_url: 'https://doc.weixin.qq.com/txdoc/excel?docid=xxx',
    });
    expect(payload['doc']).toBeUndefined();
  });

  it('takes the words a person would search for', () => {
    expect(message(line('link')).searchTokens).toBe(
      searchTokens('邀请你加入群聊 技术支持群，进入可查看详情'),
    );
    expect(message(line('chatrecord')).searchTokens).toBe(searchTokens('群聊 test test2'));
  });

  it.each([
    [
      'seq',
      TEXT.replace('"msgtype"', '"seq":18446744073709551615,"msgtype"'),
      '"seq":18446744073709551615',
    ],
    [
      'a meeting id',
      edit('meeting', '"meetingid":1210342560', '"meetingid":9223372036854775807'),
      '"meetingid":9223372036854775807',
    ],
    [
      'a form item id',
      edit('collect', '"id":1,', '"id":18446744073709551614,'),
      '"id":18446744073709551614',
    ],
    [
      'a file size',
      edit('file', '"filesize":18181', '"filesize":12345678901234567890'),
      '"filesize":12345678901234567890',
    ],
  ])('keeps %s above 2^53 digit for digit in the payload', (_name, text, digits) => {
    const result = message(text);
    expect(result.valid).toBe(true);
    expect(result.payload).toContain(digits);
  });

  it('keeps msgtime a number when another field holds a number above 2^53 (regression: msgtime became 0 and the message escaped the cutoff)', () => {
    const text = TEXT.replace('"msgtype"', '"seq":18446744073709551615,"msgtype"');
    const result = message(text);
    expect(result.msgtime).toBe(1547087894783);
    expect(result.problems).toEqual([]);
  });

  it('keeps coordinates as they were, also beside a number above 2^53', () => {
    const text = edit('location', '"zoom":15', '"zoom":15,"seq":18446744073709551615');
    const payload = message(text).payload;
    expect(payload).toContain('"longitude":116.586285899,"latitude":39.911125799');
    expect(message(edit('location', '39.911125799', '40')).valid).toBe(true);
    expect(message(edit('location', '"zoom":15', '"zoom":15,"n":18446744073709551615')).valid).toBe(
      true,
    );
  });

  it('converts a msgtime in seconds and says so', () => {
    const result = message(TEXT.replace('1547087894783', '1547087894'));
    expect(result.msgtime).toBe(1547087894000);
    expect(JSON.parse(result.payload).msgtime).toBe(1547087894000);
    expect(result.problems.map((p) => [p.severity, p.code, p.path])).toEqual([
      ['warning', 'time_in_seconds', 'msgtime'],
    ]);
  });

  it('reads a msgtime written as numeric text', () => {
    const result = message(TEXT.replace('1547087894783', '"1547087894783"'));
    expect(result.msgtime).toBe(1547087894783);
    expect(result.valid).toBe(true);
  });

  it.each([
    ['in nanoseconds', '1547087894783000000'],
    ['in microseconds', '1547087894783000'],
    ['just past the last key', String(MAX_MSGTIME + 1)],
  ])(
    'refuses a msgtime %s as out of range (regression: a bigint msgtime was stored as 0 and passed)',
    (_name, value) => {
      const result = message(TEXT.replace('1547087894783', value));
      expect(result.valid).toBe(false);
      expect(result.msgtime).toBe(0);
      expect(result.problems.map((p) => [p.code, p.path, p.message])).toEqual([
        [
          'time_out_of_range',
          'msgtime',
          `Field msgtime (${value}) lies after the year 2100, so it cannot be a real message time.`,
        ],
      ]);
    },
  );

  it('repairs lone surrogates and names the field', () => {
    const result = message(TEXT.replace('"content":"test"', '"content":"te\\ud83dst"'));
    expect(result.valid).toBe(true);
    expect(JSON.parse(result.payload).text.content).toBe('te\uFFFDst');
    expect(result.problems.map((p) => [p.severity, p.code, p.path])).toEqual([
      ['warning', 'lone_surrogate', 'text.content'],
    ]);
  });

  it('keeps a message of an unknown type as unsupported', () => {
    const result = message(
      TEXT.replace('"msgtype":"text","text"', '"msgtype":"hologram","hologram"'),
    );
    expect(result).toMatchObject({ msgtype: 'hologram', supported: false, valid: true });
  });

  it('reports every problem of a record with its field and a sentence', () => {
    const text =
      '{"msgid":"m1","action":"shout","tolist":["a",7],"msgtime":-5,"msgtype":"text","text":{"content":5}}';
    const result = message(text);
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ['action', 'Field action should be send, recall or switch, but it is the text "shout".'],
      ['from', 'Field from is missing.'],
      ['tolist[1]', 'Field tolist[1] should be text, but it is the number 7.'],
      [
        'msgtime',
        'Field msgtime should be a whole number from 0 to 18446744073709551615, but it is the number -5.',
      ],
      ['text.content', 'Field text.content should be text, but it is the number 5.'],
    ]);
  });

  it('rejects a record without a msgid, keeping its problems', () => {
    const outcome = rejected('{"action":"send","msgtype":"text","text":{"content":"x"}}');
    expect(outcome.msgid).toBeNull();
    expect(outcome.problems.map((p) => p.path)).toContain('msgid');
  });

  it.each([
    [
      'a cut-off line',
      '{"msgid":"abc","action":"send"',
      7,
      'Line 7 is cut off: its JSON ends too early.',
      'abc',
    ],
    [
      'a cut-off string',
      '{"msgid":"abc","text":"unfinished',
      7,
      'Line 7 is cut off: its JSON ends too early.',
      'abc',
    ],
    ['a stray token', '{"msgid":"abc","x":}', 7, 'Line 7 is not valid JSON near column 20.', 'abc'],
    ['a missing colon', '{"msgid" "abc"}', 7, 'Line 7 is not valid JSON near column 10.', null],
    [
      'an error inside a record spanning lines',
      '{\n  "msgid": "abc",\n  "x": oops\n}',
      4,
      'Line 6 is not valid JSON near column 8 (in the record that starts at line 4).',
      'abc',
    ],
    [
      'an error after a number above 2^53',
      '{"seq":18446744073709551615,"x":}',
      2,
      'Line 2 is not valid JSON near column 33.',
      null,
    ],
  ])('rejects %s with a sentence that locates it', (_name, text, at, sentence, msgid) => {
    const outcome = rejected(text, at);
    expect(outcome.msgid).toBe(msgid);
    expect(outcome.problems).toEqual([
      { severity: 'error', code: 'bad_json', path: '', message: sentence },
    ]);
  });

  it.each([
    ['a list', '[1,2]'],
    ['a number', '42'],
    ['text', '"msg"'],
    ['null', 'null'],
  ])('rejects a record that is %s', (_name, text) => {
    expect(rejected(text, 3).problems.map((p) => p.message)).toEqual([
      'Line 3 holds JSON that is not an object, so it is not a message.',
    ]);
  });

  it('rejects a record nested too deeply to write, instead of throwing (regression: it stopped the import)', () => {
    const depth = 100_000;
    const text = `{"msgid":"deep","action":"send","x":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const outcome = rejected(text, 9);
    expect(outcome.msgid).toBe('deep');
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'Line 9 is nested too deeply to read.',
    ]);
  });

  it('expands a one-line wrapper into its messages, all at its line', () => {
    const text = `{"errcode":0,"errmsg":"ok","chatdata":[${TEXT},${line('image')},5]}`;
    const outcomes = processRecord(text, 4);
    expect(outcomes.map((o) => o.kind)).toEqual(['message', 'message', 'rejected']);
    expect(outcomes[2]).toMatchObject({
      problems: [{ message: 'An entry at line 4 is not a JSON object, so it is not a message.' }],
    });
  });

  it('tells an entry that is still encrypted', () => {
    const entry =
      '{"seq":1,"msgid":"m","publickey_ver":3,"encrypt_random_key":"ftJ+uz3n","encrypt_chat_msg":"898WSfGMnIeytTsea7Rc0WsOocs0bgh"}';
    expect(processRecord(entry, 1)).toEqual([{ kind: 'encrypted' }]);
    expect(processRecord(`{"errcode":0,"errmsg":"ok","chatdata":[${entry}]}`, 1)).toEqual([
      { kind: 'encrypted' },
    ]);
  });

  it('takes the decrypted message held beside seq, msgid and publickey_ver, with the envelope seq', () => {
    const inner = TEXT.replace('{"msgid":"CAQQluDa4QUY0On2rYSAgAMgzPrShAE=",', '{');
    const entry = `{"seq":18446744073709551615,"msgid":"CAQQluDa4QUY0On2rYSAgAMgzPrShAE=","publickey_ver":3,"message":${inner}}`;
    const result = message(entry);
    expect(result).toMatchObject({ msgid: 'CAQQluDa4QUY0On2rYSAgAMgzPrShAE=', valid: true });
    expect(result.payload).toContain('"seq":18446744073709551615');
    expect(JSON.parse(result.payload).text).toEqual({ content: 'test' });
  });

  it('takes the decrypted message of an envelope that still carries the encrypted one (regression: the file was refused as encrypted)', () => {
    const entry = `{"seq":5,"msgid":"m","publickey_ver":3,"encrypt_random_key":"k","encrypt_chat_msg":"c","decrypted":${TEXT}}`;
    expect(only(processRecord(entry, 1)).kind).toBe('message');
  });
});

describe('describeJsonError', () => {
  it('says a record is nested too deeply when the parser ran out of stack', () => {
    expect(describeJsonError(new RangeError('Maximum call stack size exceeded'), '{', 3)).toBe(
      'Line 3 is nested too deeply to read.',
    );
  });
});

describe('prototype keys', () => {
  it('keeps a "__proto__" key from lending a message fields it lacks (regression: a vote passed as valid)', () => {
    const text = JSON.stringify({
      action: 'send',
      tolist: ['b'],
      roomid: '',
      msgtype: 'vote',
      votetitle: 't',
      voteitem: ['a'],
      votetype: 101,
      voteid: 'v1',
    }).replace('{', '{"__proto__":{"msgid":"ghost","from":"x","msgtime":1700000000000},');
    const [outcome] = processRecord(text, 3);
    expect(outcome?.kind).toBe('rejected');
    if (outcome?.kind !== 'rejected') return;
    const paths = outcome.problems.map((problem) => problem.path);
    expect(paths).toEqual(expect.arrayContaining(['msgid', 'from', 'msgtime', '__proto__']));
  });

  it('refuses a message that carries a "__proto__" key anywhere', () => {
    const text = JSON.stringify({
      msgid: 'm1',
      action: 'send',
      from: 'a',
      tolist: ['b'],
      roomid: '',
      msgtime: 1700000000000,
      msgtype: 'text',
      text: { content: 'hi' },
    }).replace('"content":"hi"', '"content":"hi","__proto__":{"x":1}');
    const [outcome] = processRecord(text, 1);
    expect(outcome?.kind).toBe('message');
    if (outcome?.kind !== 'message') return;
    expect(outcome.message.valid).toBe(false);
    expect(outcome.message.problems.map((problem) => problem.path)).toContain('text.__proto__');
  });
});
