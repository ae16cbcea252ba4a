/**
 * Broken export files made from good ones: the damage real exports carry (cut-off files,
 * flipped bytes, lines run together, a tool that saved the file in another encoding) and the
 * damage a careless edit adds (stray brackets and quotes, values of the wrong kind, huge
 * numbers, odd characters). Every mutation is driven by a seeded random source, so a broken
 * file can be made again from its seed, and every mutation names itself for failure messages.
 */
import { readFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';

import type { Random } from './seeded-random.js';

export const FIXTURE_PATH = new URL('../fixtures/wecom-messages.jsonl', import.meta.url);

/** The fixture messages, one JSON text per line, as WeCom exports them. */
export const FIXTURE_LINES: readonly string[] = readFileSync(FIXTURE_PATH, 'utf8')
  .trim()
  .split('\n');

export interface MutatedExport {
  bytes: Buffer;
  /** File name extension the reader would see on such a file. */
  extension: 'jsonl' | 'json';
  /** What was done, in order, e.g. `array, hugeNumber, utf16le, flip(3)`. */
  steps: string[];
}

/** The largest span any mutation adds, so that one input stays quick to read. */
const MAX_GROWTH_BYTES = 256 * 1024;

// -- starting points -------------------------------------------------------------------------

type Shape = (random: Random, lines: readonly string[]) => { text: string; json: boolean };

/** The shapes of export files the reader accepts, each made of some fixture messages. */
const SHAPES: Record<string, Shape> = {
  jsonl: (_random, lines) => ({ text: `${lines.join('\n')}\n`, json: false }),
  crlf: (_random, lines) => ({ text: `${lines.join('\r\n')}\r\n`, json: false }),
  array: (_random, lines) => ({ text: `[${lines.join(',')}]`, json: true }),
  prettyArray: (_random, lines) => ({
    text: `[\n${lines.map((line) => JSON.stringify(JSON.parse(line), null, 2)).join(',\n')}\n]\n`,
    json: true,
  }),
  chatdata: (_random, lines) => ({
    text: `{"errcode":0,"errmsg":"ok","chatdata":[\n${lines.join(',\n')}\n]}`,
    json: true,
  }),
  msgList: (_random, lines) => ({ text: `{"msg_list": [${lines.join(', ')}]}\n`, json: true }),
  lineWrappers: (random, lines) => {
    const out: string[] = [];
    for (let at = 0; at < lines.length;) {
      const take = random.between(1, 4);
      out.push(`{"errcode":0,"errmsg":"ok","chatdata":[${lines.slice(at, at + take).join(',')}]}`);
      at += take;
    }
    return { text: `${out.join('\n')}\n`, json: false };
  },
};

function someLines(random: Random): string[] {
  const count = random.between(1, FIXTURE_LINES.length);
  const start = random.below(FIXTURE_LINES.length - count + 1);
  return FIXTURE_LINES.slice(start, start + count);
}

// -- mutations of the text (before encoding) ----------------------------------------------

type TextMutation = (random: Random, text: string) => { text: string; step: string };

const NUMBER_TOKEN = /(?<=[:,[]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

function hugeNumber(random: Random): string {
  switch (random.below(7)) {
    case 0:
      return digits(random, random.between(16, 40));
    case 1:
      return `-${digits(random, random.between(16, 400))}`;
    case 2:
      return digits(random, random.between(1000, 20_000));
    case 3:
      return random.pick(['1e999', '-1e999', '1e-999', '-0', '0.0', '1.7976931348623157e309']);
    case 4:
      return `0.${digits(random, random.between(50, 2000))}`;
    case 5:
      // Not JSON at all: leading zeros, a lone minus, a bare exponent.
      return random.pick(['00123', '-', '1e', '.5', '+1', 'NaN', 'Infinity', '0x1F']);
    default:
      return String(random.between(0, 2 ** 31) * 1000 + random.below(1000));
  }
}

function digits(random: Random, count: number): string {
  let out = String(random.between(1, 9));
  while (out.length < count) out += String(random.below(10));
  return out;
}

/** Code points that trouble readers: controls, non-characters, BOMs, astral and RTL marks. */
const ODD_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0008',
  '\t',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00e9',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u0301',
  '\ufeff',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\u{1f600}',
  '\u{10ffff}',
  '你好',
  '合同',
  '\u3000',
];

/** JSON escapes, good and bad, that a string may hold. */
const ESCAPES = [
  '\\ud800',
  '\\udfff',
  '\\ud83d',
  '\\ude00\\ud83d',
  '\\ud83d\\ude00',
  '\\u0000',
  '\\uffff',
  '\\uZZZZ',
  '\\u12',
  '\\x41',
  '\\/',
  '\\\\',
  '\\"',
  '\\',
];

function randomUnicode(random: Random): string {
  const count = random.between(1, 6);
  let out = '';
  for (let index = 0; index < count; index += 1) {
    const kind = random.below(4);
    if (kind === 0) out += random.pick(ODD_CHARACTERS);
    else if (kind === 1) out += random.pick(ESCAPES);
    else if (kind === 2) out += String.fromCodePoint(random.between(0x4e00, 0x9fff));
    else out += String.fromCodePoint(random.between(0x20, 0x10ffff)).toWellFormed();
  }
  return out;
}

/** Values of every kind, for fields that should hold another. */
const WRONG_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  '',
  'text',
  '1547087894',
  [],
  ['a', 1],
  {},
  { nested: { deeper: 'x' } },
  '\ud800',
];

type Json = Record<string, unknown>;

/** Every path into a value, as lists of keys and indexes. */
function pathsOf(
  value: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      out.push([...prefix, index]);
      pathsOf(item, [...prefix, index], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      pathsOf(item, [...prefix, key], out);
    }
  }
  return out;
}

/** Changes one field of one message line: a wrong kind of value, or the field gone. */
function changeField(random: Random, text: string): { text: string; step: string } {
  const lines = text.split('\n');
  const candidates = lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.trimStart().startsWith('{"msgid"'));
  if (candidates.length === 0) return { text, step: 'changeField(none)' };
  const { line, index } = random.pick(candidates);
  const trimmed = line.replace(/,\s*$/, '');
  let parsed: Json;
  try {
    parsed = JSON.parse(trimmed.replace(/\r$/, '')) as Json;
  } catch {
    return { text, step: 'changeField(unparsed)' };
  }
  const paths = pathsOf(parsed);
  const target = random.pick(paths);
  const parent = target
    .slice(0, -1)
    .reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], parsed);
  const key = target[target.length - 1]!;
  const holder = parent as Record<string | number, unknown>;
  const remove = random.chance(0.25) && !Array.isArray(parent);
  if (remove) delete holder[key];
  else holder[key] = random.pick(WRONG_VALUES);
  const changed = JSON.stringify(parsed) + line.slice(trimmed.replace(/\r$/, '').length);
  lines[index] = changed;
  return {
    text: lines.join('\n'),
    step: `${remove ? 'dropField' : 'changeField'}(${target.join('.')})`,
  };
}

function at(random: Random, text: string): number {
  return random.below(text.length + 1);
}

const TEXT_MUTATIONS: Record<string, TextMutation> = {
  hugeNumber: (random, text) => {
    const numbers = [...text.matchAll(NUMBER_TOKEN)];
    if (numbers.length === 0) return { text, step: 'hugeNumber(none)' };
    const found = random.pick(numbers);
    const replacement = hugeNumber(random);
    return {
      text: text.slice(0, found.index) + replacement + text.slice(found.index + found[0].length),
      step: `hugeNumber(${replacement.length} chars)`,
    };
  },
  randomUnicode: (random, text) => {
    const where = at(random, text);
    return {
      text: text.slice(0, where) + randomUnicode(random) + text.slice(where),
      step: `randomUnicode@${where}`,
    };
  },
  changeField,
  nesting: (random, text) => {
    const depth = random.pick([65, 200, 5000, 50_000]);
    const opener = random.pick(['[', '{"a":', '{"a":[']);
    const closer = opener === '[' ? ']' : opener === '{"a":' ? '}' : ']}';
    const closed = random.chance(0.5);
    const where = at(random, text);
    const inner = closed ? `${opener.repeat(depth)}1${closer.repeat(depth)}` : opener.repeat(depth);
    return {
      text: text.slice(0, where) + inner + text.slice(where),
      step: `nesting(${depth}${closed ? ', closed' : ''})@${where}`,
    };
  },
  duplicateMessage: (random, text) => {
    const lines = text.split('\n');
    const from = random.below(lines.length);
    const copy = random.chance(0.5) ? lines[from]! : lines[from]!.replace(/"content":"/, '$&x');
    lines.splice(random.below(lines.length + 1), 0, copy);
    return { text: lines.join('\n'), step: `duplicateLine(${from})` };
  },
  longString: (random, text) => {
    const where = at(random, text);
    const length = random.between(1000, MAX_GROWTH_BYTES);
    return {
      text: text.slice(0, where) + 'x'.repeat(length) + text.slice(where),
      step: `longString(${length})@${where}`,
    };
  },
};

// -- encodings -------------------------------------------------------------------------------

let gb18030Table: Map<string, Buffer> | null = null;

/**
 * Node can decode GB18030 but not encode it: the two-byte table is made by decoding every
 * two-byte sequence once. Characters outside it (astral ones) are written as `?`, which is
 * what an old Windows tool does too.
 */
function gb18030Pairs(): Map<string, Buffer> {
  if (gb18030Table) return gb18030Table;
  const table = new Map<string, Buffer>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const pair = Buffer.from([lead, trail]);
      const char = decoder.decode(pair);
      if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, pair);
    }
  }
  gb18030Table = table;
  return table;
}

export function encodeGb18030(text: string): Buffer {
  const table = gb18030Pairs();
  const parts: Buffer[] = [];
  let ascii = '';
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) {
      ascii += char;
      continue;
    }
    if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
    ascii = '';
    parts.push(table.get(char) ?? Buffer.from('?'));
  }
  if (ascii) parts.push(Buffer.from(ascii, 'latin1'));
  return Buffer.concat(parts);
}

export function encodeUtf16(text: string, order: 'le' | 'be', bom = true): Buffer {
  const bytes = Buffer.from(bom ? `\ufeff${text}` : text, 'utf16le');
  return order === 'le' ? bytes : bytes.swap16();
}

const ENCODINGS: Record<string, (text: string) => Buffer> = {
  utf8: (text) => Buffer.from(text),
  utf8Bom: (text) => Buffer.from(`\ufeff${text}`),
  utf16le: (text) => encodeUtf16(text, 'le'),
  utf16be: (text) => encodeUtf16(text, 'be'),
  utf16leWithoutBom: (text) => encodeUtf16(text, 'le', false),
  gb18030: encodeGb18030,
  utf16BomOnUtf8: (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text)]),
};

// -- mutations of the bytes --------------------------------------------------------------------

type ByteMutation = (random: Random, bytes: Buffer) => { bytes: Buffer; step: string };

const STRUCTURAL = Buffer.from('{}[]",:\\\n');

function insert(bytes: Buffer, where: number, added: Buffer): Buffer {
  return Buffer.concat([bytes.subarray(0, where), added, bytes.subarray(where)]);
}

const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  flip: (random, bytes) => {
    const out = Buffer.from(bytes);
    const count = random.between(1, 8);
    for (let index = 0; index < count && out.length > 0; index += 1)
      out[random.below(out.length)]! ^= 1 << random.below(8);
    return { bytes: out, step: `flip(${count})` };
  },
  randomBytes: (random, bytes) => {
    const added = Buffer.from(
      Array.from({ length: random.between(1, 64) }, () => random.below(256)),
    );
    const where = random.below(bytes.length + 1);
    return { bytes: insert(bytes, where, added), step: `randomBytes(${added.length})@${where}` };
  },
  truncate: (random, bytes) => {
    const where = random.below(bytes.length + 1);
    return { bytes: bytes.subarray(0, where), step: `truncate@${where}` };
  },
  insertStructural: (random, bytes) => {
    let out = bytes;
    const count = random.between(1, 8);
    for (let index = 0; index < count; index += 1) {
      const char = STRUCTURAL.subarray(random.below(STRUCTURAL.length)).subarray(0, 1);
      out = insert(out, random.below(out.length + 1), char);
    }
    return { bytes: out, step: `insertStructural(${count})` };
  },
  deleteStructural: (random, bytes) => {
    const positions: number[] = [];
    for (let index = 0; index < bytes.length; index += 1)
      if (STRUCTURAL.includes(bytes[index]!)) positions.push(index);
    const doomed = new Set<number>();
    const count = random.between(1, 8);
    for (let index = 0; index < count && positions.length > 0; index += 1)
      doomed.add(random.pick(positions));
    const kept = [...bytes].filter((_byte, index) => !doomed.has(index));
    return { bytes: Buffer.from(kept), step: `deleteStructural(${doomed.size})` };
  },
  duplicateSpan: (random, bytes) => {
    const start = random.below(bytes.length + 1);
    const end = Math.min(bytes.length, start + random.between(1, Math.min(MAX_GROWTH_BYTES, 4096)));
    const where = random.below(bytes.length + 1);
    const span = Buffer.from(bytes.subarray(start, end));
    return { bytes: insert(bytes, where, span), step: `duplicateSpan(${start}-${end})@${where}` };
  },
  spliceLines: (random, bytes) => {
    const breaks: number[] = [];
    for (let index = bytes.indexOf(0x0a); index !== -1; index = bytes.indexOf(0x0a, index + 1))
      breaks.push(index);
    if (breaks.length < 2) return { bytes, step: 'spliceLines(none)' };
    if (random.chance(0.5)) {
      // Two lines run together: a line break lost.
      const gone = random.pick(breaks);
      return {
        bytes: Buffer.concat([bytes.subarray(0, gone), bytes.subarray(gone + 1)]),
        step: `joinLines@${gone}`,
      };
    }
    // The start of one line followed by the end of a later one: a lost stretch of file.
    const first = random.below(breaks.length - 1);
    const cutFrom = random.between(first === 0 ? 0 : breaks[first - 1]! + 1, breaks[first]!);
    const second = random.between(first + 1, breaks.length - 1);
    const resumeAt = random.between(breaks[second - 1]! + 1, breaks[second]!);
    return {
      bytes: Buffer.concat([bytes.subarray(0, cutFrom), bytes.subarray(resumeAt)]),
      step: `spliceLines(${cutFrom}-${resumeAt})`,
    };
  },
  foreignBytes: (random, bytes) => {
    // GB18030 pairs in a UTF-8 file, UTF-8 encoded surrogates, a stray BOM, a lone lead byte.
    const added = Buffer.from(
      random.pick([
        [0xc4, 0xe3, 0xba, 0xc3],
        [0xed, 0xa0, 0x80],
        [0xef, 0xbb, 0xbf],
        [0xe4],
        [0xff, 0xfe],
        [0xc0, 0xaf],
      ]),
    );
    const where = random.below(bytes.length + 1);
    return {
      bytes: insert(bytes, where, added),
      step: `foreignBytes(${added.toString('hex')})@${where}`,
    };
  },
};

// -- the whole recipe ------------------------------------------------------------------------

/**
 * One broken export: a shape made of some fixture messages, up to two changes to its text, an
 * encoding (mostly UTF-8), then up to three changes to its bytes. Sometimes nothing is
 * changed at all, so that good files keep being read as good.
 */
export function mutatedExport(random: Random): MutatedExport {
  const shapeName = random.pick(Object.keys(SHAPES));
  const shape = SHAPES[shapeName]!(random, someLines(random));
  const steps = [shapeName];
  let text = shape.text;
  const textChanges = random.below(3);
  for (let index = 0; index < textChanges; index += 1) {
    const change = TEXT_MUTATIONS[random.pick(Object.keys(TEXT_MUTATIONS))]!(random, text);
    text = change.text;
    steps.push(change.step);
  }
  const encodingName = random.chance(0.7) ? 'utf8' : random.pick(Object.keys(ENCODINGS));
  if (encodingName !== 'utf8') steps.push(encodingName);
  let bytes = ENCODINGS[encodingName]!(text);
  const byteChanges = random.below(4);
  for (let index = 0; index < byteChanges; index += 1) {
    const change = BYTE_MUTATIONS[random.pick(Object.keys(BYTE_MUTATIONS))]!(random, bytes);
    bytes = change.bytes;
    steps.push(change.step);
  }
  return { bytes, extension: shape.json ? 'json' : 'jsonl', steps };
}
