import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseExact, stringifyExact } from '../json/exact-json.js';
import { validateMessage } from '../validate/validate-message.js';
import { normalizeMessage, type Message } from './normalize-message.js';

const fixtures = readFileSync(
  new URL('../../../test/fixtures/wecom-messages.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Message);

function fixture(msgtype: string): Message {
  const found = fixtures.find((message) => (message['msgtype'] ?? 'switch') === msgtype);
  if (!found) throw new Error(`no fixture of type ${msgtype}`);
  return structuredClone(found);
}

const BASE = {
  msgid: 'v1',
  action: 'send',
  from: 'kens',
  tolist: ['icef'],
  roomid: 'wrJawBCQAAStr3jxVxEH',
  msgtime: 1603875826656,
};

const VOTE_FIELDS = {
  votetitle: '聚餐地点',
  voteitem: ['火锅', '烧烤'],
  votetype: 101,
  voteid: '2c4b6e1f',
};

describe('normalizeMessage', () => {
  it('maps each fixture to the upload shape, and each result passes validation', () => {
    for (const raw of fixtures) {
      const { message } = normalizeMessage(structuredClone(raw));
      expect(validateMessage(message), String(raw['msgtype'])).toEqual([]);
    }
  });

  it.each([
    ['docmsg', 'doc', 'docmsg'],
    ['external_redpacket', 'redpacket', 'external_redpacket'],
  ])('moves the %s payload from %s to %s, in place', (msgtype, from, to) => {
    const raw = fixture(msgtype);
    const { message, notes } = normalizeMessage(raw);
    expect(message[to]).toEqual(raw[from]);
    expect(message[from]).toBeUndefined();
    expect(Object.keys(message)).toEqual(Object.keys(raw).map((key) => (key === from ? to : key)));
    expect(notes).toEqual([]);
  });

  it('leaves every other fixture as it is', () => {
    for (const raw of fixtures) {
      if (['docmsg', 'external_redpacket', 'image'].includes(String(raw['msgtype']))) continue;
      const { message, notes } = normalizeMessage(structuredClone(raw));
      expect(message, String(raw['msgtype'])).toEqual(raw);
      expect(notes).toEqual([]);
    }
  });

  it('keeps the items of chatrecord and mixed as JSON text', () => {
    for (const msgtype of ['chatrecord', 'mixed']) {
      const raw = fixture(msgtype);
      const { message } = normalizeMessage(raw);
      const items = (message[msgtype] as { item: Array<{ content: unknown }> }).item;
      for (const item of items) expect(typeof item.content).toBe('string');
    }
  });

  it('warns about a msgtime of 0 and keeps it', () => {
    const { message, notes } = normalizeMessage(fixture('image'));
    expect(message['msgtime']).toBe(0);
    expect(notes.map((note) => [note.code, note.path, note.severity])).toEqual([
      ['time_zero', 'msgtime', 'warning'],
    ]);
  });

  it.each([
    ['top-level fields', { ...BASE, msgtype: 'vote', ...VOTE_FIELDS }],
    ['a nested vote', { ...BASE, msgtype: 'vote', vote: VOTE_FIELDS }],
  ])('gives a vote from %s the nested upload shape', (_name, raw) => {
    const { message, notes } = normalizeMessage(raw);
    expect(message).toEqual({ ...BASE, msgtype: 'vote', vote: VOTE_FIELDS });
    expect(notes).toEqual([]);
    expect(validateMessage(message)).toEqual([]);
  });

  it('nests the top-level vote fields where the first of them stood', () => {
    const { message } = normalizeMessage({ ...BASE, msgtype: 'vote', ...VOTE_FIELDS, seq: 9 });
    expect(Object.keys(message)).toEqual([...Object.keys(BASE), 'msgtype', 'vote', 'seq']);
  });

  it.each([
    ['seconds', 1603875615, 1603875615000, ['time_in_seconds']],
    ['milliseconds', 1603875615723, 1603875615723, []],
    ['numeric text in milliseconds', '1603875615723', 1603875615723, ['time_as_text']],
    ['numeric text in seconds', '1603875615', 1603875615000, ['time_as_text', 'time_in_seconds']],
    ['0', 0, 0, ['time_zero']],
    ['a value too small for either unit', 5, 5, ['time_too_early']],
    ['text that is no number', 'yesterday', 'yesterday', []],
    ['a fraction', 1603875615.5, 1603875615.5, []],
  ])('reads a msgtime in %s', (_name, msgtime, expected, codes) => {
    const { message, notes } = normalizeMessage({ ...fixture('text'), msgtime });
    expect(message['msgtime']).toBe(expected);
    expect(notes.map((note) => note.code)).toEqual(codes);
    for (const note of notes) {
      expect(note.path).toBe('msgtime');
      expect(note.message).toMatch(/^Field msgtime /);
    }
  });

  it('fixes the time field of a switch record, which has no msgtime', () => {
    const { message, notes } = normalizeMessage({ ...fixture('switch'), time: 1554119421 });
    expect(message['time']).toBe(1554119421000);
    expect(notes.map((note) => note.path)).toEqual(['time']);
  });

  it('writes expanded item contents back as JSON text, with a warning per item', () => {
    const raw = {
      ...BASE,
      msgtype: 'chatrecord',
      chatrecord: {
        title: '群聊',
        item: [
          { type: 'ChatRecordText', content: { content: 'hi' } },
          { type: 'ChatRecordText', content: '{"content":"ok"}' },
        ],
      },
    };
    const { message, notes } = normalizeMessage(raw);
    expect(message['chatrecord']).toEqual({
      title: '群聊',
      item: [
        { type: 'ChatRecordText', content: '{"content":"hi"}' },
        { type: 'ChatRecordText', content: '{"content":"ok"}' },
      ],
    });
    expect(notes.map((note) => [note.code, note.path])).toEqual([
      ['content_not_text', 'chatrecord.item[0].content'],
    ]);
  });

  it('writes an expanded item content holding a number above 2^53 digit for digit (regression: it threw and stopped the import)', () => {
    const raw = parseExact(
      '{"msgid":"m","action":"send","from":"a","tolist":["b"],"msgtime":1603875657905,"msgtype":"mixed","mixed":{"item":[{"type":"file","content":{"filesize":18446744073709551615}}]}}',
    ) as Message;
    const { message } = normalizeMessage(raw);
    expect(stringifyExact(message)).toContain('"content":"{\\"filesize\\":18446744073709551615}"');
  });

  it('keeps a message of an unknown type as it is', () => {
    const raw = { ...BASE, msgtype: 'hologram', hologram: { x: 1 } };
    expect(normalizeMessage(structuredClone(raw))).toEqual({ message: raw, notes: [] });
  });

  it('changes nothing when run again on its own output, for every fixture and odd input (regression: a tiny msgtime was multiplied by 1000 at every run)', () => {
    const inputs: Message[] = [
      ...fixtures,
      { ...BASE, msgtype: 'vote', ...VOTE_FIELDS },
      { ...fixture('text'), msgtime: '1603875615' },
      { ...fixture('text'), msgtime: 1603875615 },
      { ...fixture('text'), msgtime: 5 },
      { ...fixture('text'), msgtime: 99_999_999 },
      { ...fixture('switch'), time: 1554119421 },
      {
        ...BASE,
        msgtype: 'mixed',
        mixed: { item: [{ type: 'text', content: { content: 'x' } }] },
      },
    ];
    for (const input of inputs) {
      const once = normalizeMessage(structuredClone(input)).message;
      const twice = normalizeMessage(structuredClone(once)).message;
      expect(twice, JSON.stringify(input).slice(0, 80)).toEqual(once);
    }
  });
});
