/**
 * Export files broken in every way operators' tools break them, each imported into a store
 * that already holds a good import of the fixtures. For each file: every problem is located
 * (file, line, field) and said in a sentence, the good records of the same file are stored,
 * the store passes its own checks, and the earlier import is all there, unchanged.
 *
 * The unit tests beside the reader and the importer pin each piece on small inputs; this suite
 * runs whole files through the whole import, into a store with something to lose.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { importFile } from '../../electron/core/importer/import-file.js';
import { parseExact, stringifyExact } from '../../electron/core/json/exact-json.js';
import { openDatabase } from '../../electron/core/store/database.js';
import type { ImportCounters } from '../../electron/core/store/imports-repo.js';
import { encodeUtf16, FIXTURE_LINES } from '../support/export-mutations.js';
import {
  importRow,
  isSentence,
  locatedProblems,
  messagesOfImport,
  storeDefects,
  storeWithFixtures,
  type LocatedProblem,
  type StoreWithFixtures,
} from '../support/import-checks.js';
import { runCli } from '../support/run-cli.js';
import { seededRandom } from '../support/seeded-random.js';
import { tempDir } from '../support/temp-dir.js';

/** The fixtures' text message: the base of every message written here. */
const TEXT = FIXTURE_LINES[0]!;
const SWITCH = FIXTURE_LINES.find((line) => line.includes('"action":"switch"'))!;

/** Larger than the reader's 16 MB record limit, as a runaway exporter writes. */
const HUGE_BYTES = 20 * 1024 * 1024;

/** 2024-03-01 00:00 UTC, a second apart per message, so that every good message has its own time. */
const START = 1_709_251_200_000;

/** Good messages written by this suite, by msgid: what each stored payload must read as. */
const GOOD = new Map<string, string>();
const TIMES = new Map<string, number>();

/** A good text message with its own msgid, its own time and the given content. */
function good(msgid: string, content = '好的，明天见'): string {
  if (!TIMES.has(msgid)) TIMES.set(msgid, START + TIMES.size * 1000);
  const line = JSON.stringify({
    ...(JSON.parse(TEXT) as object),
    msgid,
    msgtime: TIMES.get(msgid),
    text: { content },
  });
  GOOD.set(msgid, line);
  return line;
}

/** A text message with some fields replaced (`undefined` removes one); not a good one. */
function changed(msgid: string, fields: Record<string, unknown>): string {
  const message: Record<string, unknown> = { ...(JSON.parse(TEXT) as object), msgid };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete message[key];
    else message[key] = value;
  }
  return JSON.stringify(message);
}

/** `text` with `from` (which must be there) replaced by `to`: for what JSON.stringify never writes. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`${from} is not in ${text}`);
  return text.replace(from, to);
}

function lines(...items: string[]): string {
  return `${items.join('\n')}\n`;
}

function pretty(line: string): string {
  return JSON.stringify(JSON.parse(line), null, 2);
}

/** In a pretty-printed array the second record starts after `[` and the first record. */
const SECOND_PRETTY_LINE = 2 + pretty(TEXT).split('\n').length;

type Expected = readonly [line: number, path: string, code: string];

interface BadFile {
  /** The file as the test names it. */
  what: string;
  name: string;
  content: () => string | Buffer;
  /** Every problem of the file: line, field and code, in the order of their lines. */
  problems: readonly Expected[];
  /** New messages the file must add, by msgid, with the status each must have. */
  stored?: Readonly<Record<string, string>>;
  /** The import's closing sentence, when the file could not be read in full or at all. */
  error?: RegExp;
  /** True when the file is refused before any record is read. */
  refused?: boolean;
  /** Counters of the import that matter for this file. */
  counts?: Partial<ImportCounters>;
  /** Fields of stored payloads, by msgid and dotted path, as the file's treatment left them. */
  fields?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const PNG_HEAD = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61000000017352474200aece1ce9',
  'hex',
);

/** Seeded, so that the same bytes come every run; long enough to hold several line breaks. */
function randomBytes(count: number): Buffer {
  const random = seededRandom(0x5eed);
  return Buffer.from(Array.from({ length: count }, () => random.below(256)));
}

/** GB18030 by hand: 你 C4E3, 好 BAC3, 😀 9439FC36 (a four-byte sequence), 。 A1A3. */
const GB_NIHAO = Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0x94, 0x39, 0xfc, 0x36, 0xa1, 0xa3]);

function gb18030Message(msgid: string): Buffer {
  const line = good(msgid, '你好😀。');
  const [before, after] = line.split('你好😀。');
  return Buffer.concat([Buffer.from(before!), GB_NIHAO, Buffer.from(after!)]);
}

const FILES: readonly BadFile[] = [
  // -- nothing, or not text ----------------------------------------------------------------
  {
    what: 'an empty file',
    name: 'empty.jsonl',
    content: () => '',
    problems: [],
    refused: true,
    error: /^empty\.jsonl: The file is empty: it holds no messages\.$/,
  },
  {
    what: 'a file of blank lines',
    name: 'blank.jsonl',
    content: () => ' \n\r\n\t\n\n',
    problems: [],
    refused: true,
    error: /^blank\.jsonl: The file holds only blank space/,
  },
  {
    what: 'random bytes',
    name: 'random.bin',
    content: () => randomBytes(4096),
    problems: [],
    refused: true,
    error: /^random\.bin: The file does not start like a chat-archive export/,
  },
  {
    what: 'a PNG image',
    name: 'picture.json',
    content: () => PNG_HEAD,
    problems: [],
    refused: true,
    error: /^picture\.json: The file does not start like a chat-archive export/,
  },
  {
    what: 'NUL bytes',
    name: 'zeros.jsonl',
    content: () => Buffer.alloc(4096),
    problems: [],
    refused: true,
    error: /^zeros\.jsonl: The file does not start like a chat-archive export/,
  },
  {
    what: 'NUL and control bytes between good lines',
    name: 'zeros-inside.jsonl',
    content: () =>
      Buffer.concat([
        Buffer.from(`${good('nul-1')}\n`),
        Buffer.alloc(64),
        Buffer.from('\n\u0001\u0002\u007f\n'),
        Buffer.from(`${good('nul-2')}\n`),
      ]),
    problems: [
      [2, '', 'bad_json'],
      [3, '', 'bad_json'],
    ],
    stored: { 'nul-1': 'ready', 'nul-2': 'ready' },
  },

  // -- cut off --------------------------------------------------------------------------------
  {
    what: 'a JSON array cut off inside a record',
    name: 'cut-record.json',
    content: () => `[\n${good('cut-1')},\n${good('cut-2')},\n${good('cut-3').slice(0, 60)}`,
    problems: [[4, '', 'broken_json']],
    stored: { 'cut-1': 'ready', 'cut-2': 'ready' },
    error:
      /^cut-record\.json: The file ends before its JSON is complete \(at line 4\)\. The record that starts at line 4 is cut off\.$/,
  },
  {
    what: 'a JSON array cut off between records',
    name: 'cut-between.json',
    content: () => `[\n${good('cut-4')},\n${good('cut-5')},\n`,
    problems: [[4, '', 'broken_json']],
    stored: { 'cut-4': 'ready', 'cut-5': 'ready' },
    error: /^cut-between\.json: The file ends before its JSON is complete \(at line 4\)\.$/,
  },
  {
    what: 'a chatdata wrapper cut off inside a string',
    name: 'cut-wrapper.json',
    content: () =>
      `{"errcode":0,"errmsg":"ok","chatdata":[\n${good('cut-6')},\n${good('cut-7').replace(/明天见.*$/, '明天')}`,
    problems: [[3, '', 'broken_json']],
    stored: { 'cut-6': 'ready' },
    error: /^cut-wrapper\.json: The file ends before its JSON is complete \(at line 3\)\./,
  },
  {
    what: 'JSON Lines cut off in the last line',
    name: 'cut-line.jsonl',
    content: () => `${good('cut-8')}\n${good('cut-9')}\n${good('cut-10').slice(0, 70)}`,
    problems: [[3, '', 'bad_json']],
    stored: { 'cut-8': 'ready', 'cut-9': 'ready' },
  },
  {
    what: 'JSON Lines cut off inside a Chinese character',
    name: 'cut-character.jsonl',
    content: () => {
      const last = Buffer.from(good('cut-11', '你好'));
      const cut = last.indexOf(Buffer.from('好')) + 2;
      return Buffer.concat([Buffer.from(`${good('cut-12')}\n`), last.subarray(0, cut)]);
    },
    problems: [
      [2, '', 'bad_json'],
      [2, '', 'invalid_bytes'],
    ],
    stored: { 'cut-12': 'ready' },
  },

  // -- broken records among good ones ----------------------------------------------------------
  {
    what: 'JSON Lines with broken lines among good ones',
    name: 'broken-lines.jsonl',
    content: () =>
      lines(
        good('line-1'),
        '{"msgid":"line-2","action":',
        good('line-3'),
        'this is not JSON at all',
        `${good('line-5-twin').slice(0, -1)}}}`,
        good('line-6'),
        '}{',
        ',',
        '{"msgid":"line-9" "action":"send"}',
        good('line-10'),
      ),
    problems: [
      [2, '', 'bad_json'],
      [4, '', 'bad_json'],
      [5, '', 'bad_json'],
      [7, '', 'bad_json'],
      [8, '', 'bad_json'],
      [9, '', 'bad_json'],
    ],
    stored: { 'line-1': 'ready', 'line-3': 'ready', 'line-6': 'ready', 'line-10': 'ready' },
  },
  {
    what: 'a JSON array with a broken record among good ones',
    name: 'broken-record.json',
    content: () =>
      `[\n${good('rec-1')},\n{"msgid":"rec-2","action":},\n${good('rec-3')},\n{"msgid":"rec-4",,},\n${good('rec-5')}\n]\n`,
    problems: [
      [3, '', 'bad_json'],
      [5, '', 'bad_json'],
    ],
    stored: { 'rec-1': 'ready', 'rec-3': 'ready', 'rec-5': 'ready' },
  },
  {
    what: 'a pretty-printed JSON array with an error deep inside a record',
    name: 'broken-pretty.json',
    content: () =>
      `[\n${pretty(good('pretty-1'))},\n${edit(pretty(good('pretty-2-twin')), '"roomid": ""', '"roomid": ')},\n${pretty(good('pretty-3'))}\n]\n`,
    // The problem is stored at the line where its record starts; the sentence names both.
    problems: [[SECOND_PRETTY_LINE, '', 'bad_json']],
    stored: { 'pretty-1': 'ready', 'pretty-3': 'ready' },
  },

  // -- not a list of messages -----------------------------------------------------------------
  ...(
    [
      ['a number', 'number.json', '42\n'],
      ['a string', 'string.json', '"chat archive"'],
      ['null', 'null.json', 'null'],
      ['true', 'true.json', 'true\n'],
    ] as const
  ).map(([what, name, content]): BadFile => ({
    what: `${what} as the whole file`,
    name,
    content: () => content,
    problems: [],
    refused: true,
    error: new RegExp(
      `^${name.replace('.', '\\.')}: The file does not start like a chat-archive export`,
    ),
  })),
  {
    what: 'an array of arrays',
    name: 'arrays.json',
    content: () => `[\n[${good('nested-1')}],\n[${good('nested-2')}]\n]`,
    problems: [
      [2, '', 'not_an_object'],
      [3, '', 'not_an_object'],
    ],
  },
  {
    what: 'an array of numbers and strings among messages',
    name: 'scalars.json',
    content: () => `[\n1,\n"two",\n${good('scalar-1')},\nnull\n]`,
    problems: [
      [2, '', 'not_an_object'],
      [3, '', 'not_an_object'],
      [5, '', 'not_an_object'],
    ],
    stored: { 'scalar-1': 'ready' },
  },
  {
    what: 'an object without any message list',
    name: 'no-list.json',
    content: () => '{"errcode":0,"errmsg":"ok","next_cursor":"x","has_more":false}\n',
    // One sentence for the file, not a missing-field problem for every field of a message.
    problems: [[1, '', 'no_messages']],
  },

  // -- nested too deeply ---------------------------------------------------------------------
  {
    what: 'JSON Lines with a record nested 100,000 deep',
    name: 'deep.jsonl',
    content: () =>
      lines(
        good('deep-1'),
        edit(
          changed('deep-2', {}),
          '"roomid"',
          `"x":${'['.repeat(100_000)}${']'.repeat(100_000)},"roomid"`,
        ),
        good('deep-3'),
      ),
    problems: [[2, '', 'too_deep']],
    stored: { 'deep-1': 'ready', 'deep-3': 'ready' },
  },
  {
    what: 'JSON Lines with a deep record that holds a number above 2^53 (regression: it was filed as bad JSON, not as too deep, because the exact parser ran out of stack)',
    name: 'deep-seq.jsonl',
    content: () =>
      lines(
        good('deep-12'),
        edit(
          changed('deep-13', {}),
          '"roomid"',
          `"seq":18446744073709551615,"x":${'['.repeat(100_000)}${']'.repeat(100_000)},"roomid"`,
        ),
        good('deep-14'),
      ),
    problems: [[2, '', 'too_deep']],
    stored: { 'deep-12': 'ready', 'deep-14': 'ready' },
  },
  {
    what: 'JSON Lines with a line of 50,000 opened objects never closed',
    name: 'deep-open.jsonl',
    content: () => lines(good('deep-4'), '{"a":'.repeat(50_000), good('deep-5')),
    problems: [[2, '', 'bad_json']],
    stored: { 'deep-4': 'ready', 'deep-5': 'ready' },
  },
  {
    what: 'a JSON array with an entry nested 5,000 deep',
    name: 'deep-entry.json',
    content: () =>
      `[\n${good('deep-6')},\n${'['.repeat(5000)}${']'.repeat(5000)},\n${good('deep-7')}\n]`,
    problems: [[3, '', 'too_deep']],
    stored: { 'deep-6': 'ready', 'deep-7': 'ready' },
  },
  {
    what: 'a JSON array with a message holding a value nested 70 deep',
    name: 'deep-field.json',
    content: () =>
      `[\n${good('deep-8')},\n${edit(changed('deep-9', {}), '"roomid"', `"x":${'{"a":'.repeat(70)}1${'}'.repeat(70)},"roomid"`)},\n${good('deep-10')}\n]`,
    problems: [[3, '', 'too_deep']],
    stored: { 'deep-8': 'ready', 'deep-10': 'ready' },
  },
  {
    what: 'a JSON array that opens 5,000 lists and ends',
    name: 'deep-open.json',
    content: () => `[\n${good('deep-11')},\n${'['.repeat(5000)}\n`,
    problems: [[4, '', 'broken_json']],
    stored: { 'deep-11': 'ready' },
    error:
      /^deep-open\.json: The file ends before its JSON is complete \(at line 4\)\. The record that starts at line 3 is cut off\.$/,
  },

  // -- too large -----------------------------------------------------------------------------
  {
    what: 'JSON Lines with a 20 MB line',
    name: 'huge-line.jsonl',
    content: () =>
      lines(
        good('huge-1'),
        changed('huge-2', { text: { content: 'x'.repeat(HUGE_BYTES) } }),
        good('huge-3'),
      ),
    problems: [[2, '', 'line_too_long']],
    stored: { 'huge-1': 'ready', 'huge-3': 'ready' },
  },
  {
    what: 'a JSON array with a 20 MB record',
    name: 'huge-record.json',
    content: () =>
      `[\n${good('huge-4')},\n${changed('huge-5', { text: { content: 'x'.repeat(HUGE_BYTES) } })},\n${good('huge-6')}\n]\n`,
    problems: [[3, '', 'record_too_large']],
    stored: { 'huge-4': 'ready', 'huge-6': 'ready' },
  },

  // -- encodings -------------------------------------------------------------------------------
  {
    what: 'JSON Lines with a UTF-8 BOM and CRLF line ends',
    name: 'bom-crlf.jsonl',
    content: () =>
      `\ufeff${[good('crlf-1', '第一行'), '{"msgid":"crlf-2",', good('crlf-3', '第三行')].join('\r\n')}\r\n`,
    problems: [[2, '', 'bad_json']],
    stored: { 'crlf-1': 'ready', 'crlf-3': 'ready' },
  },
  {
    what: 'a pretty-printed JSON array with a UTF-8 BOM and CRLF line ends',
    name: 'bom-crlf.json',
    content: () =>
      `\ufeff[\r\n${[pretty(good('crlf-4')), '{"msgid": "crlf-5", "action": }', pretty(good('crlf-6'))].join(',\r\n').replaceAll(/(?<!\r)\n/g, '\r\n')}\r\n]\r\n`,
    problems: [[SECOND_PRETTY_LINE, '', 'bad_json']],
    stored: { 'crlf-4': 'ready', 'crlf-6': 'ready' },
  },
  {
    what: 'JSON Lines in UTF-16 LE with a BOM',
    name: 'utf16le.jsonl',
    content: () =>
      encodeUtf16(lines(good('le-1', '你好'), '{"msgid":"le-2"', good('le-3', '再见')), 'le'),
    problems: [[2, '', 'bad_json']],
    stored: { 'le-1': 'ready', 'le-3': 'ready' },
  },
  {
    what: 'a JSON array in UTF-16 BE with a BOM',
    name: 'utf16be.json',
    content: () =>
      encodeUtf16(
        `[\n${good('be-1', '你好')},\n{"msgid":"be-2",},\n${good('be-3', '再见')}\n]`,
        'be',
      ),
    problems: [[3, '', 'bad_json']],
    stored: { 'be-1': 'ready', 'be-3': 'ready' },
  },
  {
    what: 'UTF-16 LE with half of a surrogate pair in its bytes',
    name: 'utf16-damaged.jsonl',
    content: () => {
      const damaged = encodeUtf16(
        lines(good('le-4'), changed('le-5', { text: { content: 'ab' } })),
        'le',
      );
      // The "b" of line 2 becomes 0xD800, a high surrogate that no low one follows.
      const at = damaged.lastIndexOf(Buffer.from('b\u0000', 'latin1'));
      damaged[at] = 0x00;
      damaged[at + 1] = 0xd8;
      return damaged;
    },
    problems: [[2, '', 'invalid_bytes']],
    stored: { 'le-4': 'ready', 'le-5': 'ready' },
  },
  {
    what: 'JSON Lines in GB18030 built by hand',
    name: 'gb18030.jsonl',
    content: () =>
      Buffer.concat([
        gb18030Message('gb-1'),
        Buffer.from('\n{"msgid":"gb-2","text":\n'),
        gb18030Message('gb-3'),
        Buffer.from('\n'),
      ]),
    problems: [[2, '', 'bad_json']],
    stored: { 'gb-1': 'ready', 'gb-3': 'ready' },
  },

  // -- broken characters ---------------------------------------------------------------------
  {
    what: 'lone surrogates written as escapes',
    name: 'surrogates.jsonl',
    content: () =>
      lines(
        edit(changed('sur-1', { text: { content: 'x' } }), '"x"', '"半\\ud800句"'),
        edit(changed('sur-2', {}), '"ZhangSan"', '"\\udc00ZhangSan"'),
        edit(changed('sur-3', {}), '"icefog"', '"icefog\\ud83d"'),
        edit(changed('sur-4', {}), '"roomid"', '"x\\ud800":1,"roomid"'),
        edit(changed('sur-5', { text: { content: 'x' } }), '"x"', '"\\ud83d\\ude00"'),
      ),
    problems: [
      [1, 'text.content', 'lone_surrogate'],
      [2, 'from', 'lone_surrogate'],
      [3, 'tolist[0]', 'lone_surrogate'],
      [4, 'x\ufffd', 'lone_surrogate'],
    ],
    fields: {
      'sur-1': { 'text.content': '半\ufffd句' },
      'sur-2': { from: '\ufffdZhangSan' },
      'sur-3': { 'tolist.0': 'icefog\ufffd' },
      'sur-5': { 'text.content': '\u{1f600}' },
    },
    stored: {
      'sur-1': 'ready',
      'sur-2': 'ready',
      'sur-3': 'ready',
      'sur-4': 'ready',
      'sur-5': 'ready',
    },
  },

  // -- msgids ------------------------------------------------------------------------------
  {
    what: 'records without a usable msgid',
    name: 'no-msgid.jsonl',
    content: () =>
      lines(
        good('id-1'),
        changed('id-2', { msgid: undefined }),
        changed('id-3', { msgid: '' }),
        changed('id-4', { msgid: 12345 }),
        changed('id-5', { msgid: null }),
        good('id-6'),
      ),
    problems: [
      [2, 'msgid', 'invalid_type'],
      [3, 'msgid', 'too_small'],
      [4, 'msgid', 'invalid_type'],
      [5, 'msgid', 'invalid_type'],
    ],
    stored: { 'id-1': 'ready', 'id-6': 'ready' },
  },
  {
    what: 'msgids that come twice, with the same and with other content',
    name: 'twice.jsonl',
    content: () =>
      lines(
        good('twice-1'),
        good('twice-2'),
        GOOD.get('twice-1')!,
        changed('twice-2', { text: { content: '改过的' } }),
        TEXT,
        edit(TEXT, '"test"', '"changed after the first import"'),
      ),
    // Line 4 repeats a msgid of this file, line 6 one of the earlier import; both are kept out.
    problems: [
      [4, 'msgid', 'conflict'],
      [6, 'msgid', 'conflict'],
    ],
    stored: { 'twice-1': 'ready', 'twice-2': 'ready' },
    counts: { records: 6, stored: 2, duplicates: 2, conflicts: 2 },
  },

  // -- fields of the wrong kind -----------------------------------------------------------------
  {
    what: 'fields of the wrong kind',
    name: 'wrong-types.jsonl',
    content: () =>
      lines(
        changed('type-1', { tolist: 'icefog' }),
        changed('type-2', { msgtime: 'yesterday' }),
        changed('type-3', { text: { content: 5 } }),
        changed('type-4', { from: { name: 'ZhangSan', id: 7 } }),
        changed('type-5', { text: { content: { nested: '你好' } } }),
        changed('type-6', { roomid: ['room'] }),
        changed('type-7', { action: 'shout' }),
        changed('type-8', { tolist: [1, 'icefog'] }),
        changed('type-9', { seq: 'first' }),
        changed('type-10', { text: 'hello' }),
        good('type-11'),
      ),
    problems: [
      [1, 'tolist', 'invalid_type'],
      [2, 'msgtime', 'invalid_union'],
      [3, 'text.content', 'invalid_type'],
      [4, 'from', 'invalid_type'],
      [5, 'text.content', 'invalid_type'],
      [6, 'roomid', 'invalid_type'],
      [7, 'action', 'invalid_value'],
      [8, 'tolist[0]', 'invalid_type'],
      [9, 'seq', 'invalid_union'],
      [10, 'text', 'invalid_type'],
    ],
    stored: {
      'type-1': 'invalid',
      'type-2': 'invalid',
      'type-3': 'invalid',
      'type-4': 'invalid',
      'type-5': 'invalid',
      'type-6': 'invalid',
      'type-7': 'invalid',
      'type-8': 'invalid',
      'type-9': 'invalid',
      'type-10': 'invalid',
      'type-11': 'ready',
    },
  },
  {
    what: 'message types the upload API does not know',
    name: 'unknown-types.jsonl',
    content: () =>
      lines(
        changed('kind-1', { msgtype: 'hologram', text: undefined, hologram: { frames: 3 } }),
        changed('kind-2', { msgtype: 'future_type' }),
        changed('kind-3', { msgtype: '' }),
        changed('kind-4', { msgtype: 7 }),
        good('kind-5'),
      ),
    problems: [
      [3, 'msgtype', 'too_small'],
      [4, 'msgtype', 'invalid_type'],
    ],
    stored: {
      'kind-1': 'unsupported',
      'kind-2': 'unsupported',
      'kind-3': 'invalid',
      'kind-4': 'invalid',
      'kind-5': 'ready',
    },
  },
  {
    what: 'times in seconds',
    name: 'seconds.jsonl',
    content: () =>
      lines(
        changed('sec-1', { msgtime: 1_709_251_200 }),
        changed('sec-2', { msgtime: '1709251201' }),
        edit(SWITCH, '1554119421840', '1554119421').replace('125289002219525886280', 'sec-3'),
      ),
    problems: [
      [1, 'msgtime', 'time_in_seconds'],
      [2, 'msgtime', 'time_as_text'],
      [2, 'msgtime', 'time_in_seconds'],
      [3, 'time', 'time_in_seconds'],
    ],
    stored: { 'sec-1': 'ready', 'sec-2': 'ready', 'sec-3': 'ready' },
    fields: {
      'sec-1': { msgtime: 1_709_251_200_000 },
      'sec-2': { msgtime: 1_709_251_201_000 },
      'sec-3': { time: 1_554_119_421_000 },
    },
  },
];

/** Milliseconds the suite's slowest case (a 20 MB line) may take, with a machine that is busy. */
const CASE_TIMEOUT_MS = 30_000;

let dir: ReturnType<typeof tempDir>;
let store: StoreWithFixtures;

beforeEach(async () => {
  dir = tempDir('bad-input-');
  store = await storeWithFixtures(dir.path);
});

afterEach(() => {
  // The command-line tests close it early, so that the CLI has the store to itself.
  if (store.db.open) store.db.close();
  dir.remove();
});

function fieldAt(value: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((inner, key) => (inner as Record<string, unknown> | undefined)?.[key], value);
}

function sorted(problems: readonly Expected[]): Expected[] {
  return [...problems].sort(
    (a, b) => a[0] - b[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]),
  );
}

/** A located problem that does not name its place: the line for a record, the field for a field. */
function unlocated(problem: LocatedProblem, file: string): string | null {
  if (problem.file !== file) return `names ${problem.file}, not ${file}`;
  if (!isSentence(problem.message)) return `is not a sentence: ${problem.message}`;
  if (problem.path === '' && !new RegExp(`\\bline ${problem.line}\\b`, 'i').test(problem.message))
    return `does not name line ${problem.line}: ${problem.message}`;
  if (problem.path !== '' && !problem.message.includes(problem.path))
    return `does not name field ${problem.path}: ${problem.message}`;
  return null;
}

describe('a bad export file imported into a store that holds a good import', () => {
  it.each(FILES)(
    'is reported by file, line and field, keeps its good records and harms nothing: $what',
    async (bad) => {
      const file = path.join(dir.path, bad.name);
      writeFileSync(file, bad.content());

      const result = await importFile({ db: store.db, file, cutoff: null });

      expect(result.state).toBe(bad.refused ? 'failed' : 'done');
      if (bad.error) expect(result.error).toMatch(bad.error);
      else expect(result.error).toBeNull();
      if (bad.counts) expect(result.counters).toMatchObject(bad.counts);
      const importId = result.importId!;
      const problems = locatedProblems(store.db, importId);
      expect(sorted(problems.map((p) => [p.line, p.path, p.code] as const))).toEqual(
        sorted(bad.problems),
      );
      expect(problems.flatMap((problem) => unlocated(problem, file) ?? [])).toEqual([]);

      const stored = messagesOfImport(store.db, importId);
      expect(Object.fromEntries(stored.map((m) => [m.msgid, m.status]))).toEqual(bad.stored ?? {});
      for (const message of stored) {
        const payload = parseExact(message.payload) as Record<string, unknown>;
        // A good line's message must read the same after any encoding, BOM or line end.
        const original = GOOD.get(message.msgid);
        if (original && message.status === 'ready') expect(stringifyExact(payload)).toBe(original);
        // The time the store sorts and cuts off by is the time the upload will carry.
        if (message.status !== 'invalid')
          expect(message.msgtime).toBe(payload['msgtime'] ?? payload['time']);
        for (const [field, value] of Object.entries(bad.fields?.[message.msgid] ?? {}))
          expect(fieldAt(payload, field), `${message.msgid} ${field}`).toEqual(value);
      }

      expect(storeDefects(store.db)).toEqual([]);
      expect(messagesOfImport(store.db, store.fixtureImportId)).toEqual(store.baseline);
    },
    CASE_TIMEOUT_MS,
  );
});

function fileOf(name: string): BadFile {
  const found = FILES.find((bad) => bad.name === name);
  if (!found) throw new Error(`No case writes ${name}`);
  return found;
}

function write(bad: BadFile): string {
  const file = path.join(dir.path, bad.name);
  writeFileSync(file, bad.content());
  return file;
}

interface CliSummary {
  valid: number;
  invalid: number;
  problems: Record<string, unknown>[];
  files: { file: string; state: string; error: string | null }[];
}

/** The bundled CLI is built once for the whole run (test/support/build-once.ts). */
const CLI_TIMEOUT_MS = 60_000;

describe('the command line given bad export files', () => {
  it(
    'lists every problem with file, line, msgid, field and sentence, names each failed file in its error, and exits 1 when a file is refused (regression: the sentence of a file cut off part-way named no file)',
    async () => {
      store.db.close();
      const broken = write(fileOf('broken-lines.jsonl'));
      const cut = write(fileOf('cut-record.json'));
      const random = write(fileOf('random.bin'));

      const run = await runCli(['import', broken, cut, random, '--db', store.dbPath, '--json'], {
        timeoutMs: CLI_TIMEOUT_MS,
      });

      expect(run.code).toBe(1);
      const summary = JSON.parse(run.stdout) as CliSummary;
      for (const problem of summary.problems) {
        expect(Object.keys(problem).sort()).toEqual(
          ['file', 'line', 'message', 'msgid', 'path', 'severity'].sort(),
        );
        expect(isSentence(problem['message'])).toBe(true);
      }
      const located = summary.problems.map((p) => [
        path.basename(p['file'] as string),
        p['line'],
        p['msgid'],
        p['path'],
      ]);
      expect(located).toEqual([
        ['broken-lines.jsonl', 2, 'line-2', ''],
        ['broken-lines.jsonl', 4, null, ''],
        ['broken-lines.jsonl', 5, 'line-5-twin', ''],
        ['broken-lines.jsonl', 7, null, ''],
        ['broken-lines.jsonl', 8, null, ''],
        ['broken-lines.jsonl', 9, 'line-9', ''],
        ['cut-record.json', 4, null, ''],
      ]);
      expect(summary.valid).toBe(6);
      expect(summary.files.map((f) => [path.basename(f.file), f.state])).toEqual([
        ['broken-lines.jsonl', 'done'],
        ['cut-record.json', 'done'],
        ['random.bin', 'failed'],
      ]);

      // Each error sentence starts with the name of its file, on stderr as in the summary.
      const errors = run.stderr.trim().split('\n');
      expect(errors.map((line) => line.split(':')[0])).toEqual(['cut-record.json', 'random.bin']);
      expect(summary.files.map((f) => f.error?.split(':')[0] ?? null)).toEqual([
        null,
        'cut-record.json',
        'random.bin',
      ]);

      const db = openDatabase(store.dbPath);
      try {
        expect(storeDefects(db)).toEqual([]);
        expect(messagesOfImport(db, store.fixtureImportId)).toEqual(store.baseline);
      } finally {
        db.close();
      }
    },
    CLI_TIMEOUT_MS,
  );

  it.each([
    ['fields of the wrong kind', 'wrong-types.jsonl'],
    ['lone surrogates', 'surrogates.jsonl'],
    ['UTF-16 with a broken line', 'utf16le.jsonl'],
    ['GB18030 with a broken line', 'gb18030.jsonl'],
  ])(
    'reports %s with the field and msgid of each problem, and exits 0',
    async (_what, name) => {
      store.db.close();
      const bad = fileOf(name);
      const file = write(bad);

      const run = await runCli(['import', file, '--db', store.dbPath, '--json'], {
        timeoutMs: CLI_TIMEOUT_MS,
      });

      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const summary = JSON.parse(run.stdout) as CliSummary;
      expect(
        sorted(
          summary.problems.map((p) => [p['line'] as number, p['path'] as string, ''] as const),
        ),
      ).toEqual(sorted(bad.problems.map(([line, field]) => [line, field, ''] as const)));
      for (const problem of summary.problems) {
        expect(problem['file']).toBe(file);
        expect(isSentence(problem['message'])).toBe(true);
        if (problem['path'] !== '') expect(problem['msgid']).toEqual(expect.any(String));
      }

      const db = openDatabase(store.dbPath);
      try {
        const importId = db.prepare('SELECT max(id) FROM imports').pluck().get() as number;
        expect(importRow(db, importId)).toMatchObject({ state: 'done', path: file });
        expect(
          Object.fromEntries(messagesOfImport(db, importId).map((m) => [m.msgid, m.status])),
        ).toEqual(bad.stored ?? {});
        expect(storeDefects(db)).toEqual([]);
        expect(messagesOfImport(db, store.fixtureImportId)).toEqual(store.baseline);
      } finally {
        db.close();
      }
    },
    CLI_TIMEOUT_MS,
  );
});
