import { describe, expect, it } from 'vitest';

import {
  completeUtf8Length,
  firstInvalidUtf8,
  sniffEncoding,
  Utf8Transcoder,
  type Encoding,
} from './encoding.js';

// Node has no GB18030 encoder, so these characters are spelled out byte by byte.
const GB = { 你: [0xc4, 0xe3], 好: [0xba, 0xc3], 中: [0xd6, 0xd0], 文: [0xce, 0xc4] };
const GB_TEXT = '你好中文';
const GB_BYTES = Buffer.from([...GB.你, ...GB.好, ...GB.中, ...GB.文]);

const SAMPLE = '{"text":{"content":"你好，世界 😀 中文"}}\r\n{"b":"é"}\n';

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf16be') return utf16be(text);
  return Buffer.from(text, 'utf8');
}

function chunks(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

function transcode(encoding: Encoding, parts: Buffer[]): { text: string; t: Utf8Transcoder } {
  const t = new Utf8Transcoder(encoding);
  const out = parts.map((part) => t.push(part));
  out.push(t.end());
  return { text: Buffer.concat(out).toString('utf8'), t };
}

describe('sniffEncoding', () => {
  it.each([
    ['UTF-8 with a BOM', [0xef, 0xbb, 0xbf, 0x7b], 'utf8', 3],
    ['UTF-16 LE with a BOM', [0xff, 0xfe, 0x7b, 0x00], 'utf16le', 2],
    ['UTF-16 BE with a BOM', [0xfe, 0xff, 0x00, 0x7b], 'utf16be', 2],
    ['plain ASCII', [...Buffer.from('{"a":1}')], 'utf8', 0],
    ['UTF-8 without a BOM', [...Buffer.from('{"a":"中"}')], 'utf8', 0],
    ['GB18030 after an ASCII start', [...Buffer.from('{"a":"'), ...GB_BYTES], 'gb18030', 0],
    [
      'UTF-8 with a damaged byte after real UTF-8',
      [...Buffer.from('{"a":"中'), 0xff, ...Buffer.from('"}')],
      'utf8',
      0,
    ],
    [
      'UTF-8 cut in the middle of a character',
      [...Buffer.from('{"a":"中').subarray(0, -1)],
      'utf8',
      0,
    ],
    ['an empty file', [], 'utf8', 0],
    [
      'UTF-16 LE without a BOM, Chinese text and 一 (U+4E00) included',
      [...Buffer.from('[{"msgid":"a","text":{"content":"一二三你好"}}]', 'utf16le')],
      'utf16le',
      0,
    ],
    [
      'UTF-16 LE without a BOM, opening with a long Chinese message',
      [
        ...Buffer.from(
          `\r\n[{"msgid":"a","text":{"content":"${'合同报价发票'.repeat(400)}"}}]`,
          'utf16le',
        ),
      ],
      'utf16le',
      0,
    ],
    [
      'UTF-16 BE without a BOM, opening with a long Chinese message',
      [...Buffer.from(`{"msgid":"${'你好'.repeat(2000)}"}`, 'utf16le').swap16()],
      'utf16be',
      0,
    ],
    ['UTF-8 followed by zero bytes', [...Buffer.from('{"a":1}'), ...Buffer.alloc(64)], 'utf8', 0],
    [
      'UTF-16 BE without a BOM',
      [...Buffer.from('{"msgid":"一"}', 'utf16le').swap16()],
      'utf16be',
      0,
    ],
  ])('reads %s as %s', (_name, bytes, encoding, bomLength) => {
    expect(sniffEncoding(Buffer.from(bytes))).toEqual({ encoding, bomLength });
  });
});

describe('completeUtf8Length', () => {
  const zhong = [...Buffer.from('中')]; // E4 B8 AD
  const smile = [...Buffer.from('😀')]; // F0 9F 98 80
  it.each([
    ['ASCII', [0x61, 0x62], 2],
    ['a whole three-byte character', [0x61, ...zhong], 4],
    ['the first byte of three', [0x61, zhong[0]!], 1],
    ['two bytes of three', [0x61, zhong[0]!, zhong[1]!], 1],
    ['three bytes of four', [0x61, ...smile.slice(0, 3)], 1],
    ['a whole four-byte character', [0x61, ...smile], 5],
    ['a stray continuation byte', [0x61, 0x80], 2],
    ['nothing', [], 0],
  ])('keeps %s', (_name, bytes, length) => {
    expect(completeUtf8Length(Buffer.from(bytes))).toBe(length);
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['valid text', Buffer.from('a中😀é'), -1],
    ['a lone continuation byte', Buffer.from([0x61, 0x80]), 1],
    ['an overlong form', Buffer.from([0x61, 0xc0, 0xaf]), 1],
    ['an overlong three-byte form', Buffer.from([0xe0, 0x80, 0xaf]), 0],
    ['an encoded surrogate', Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]), 2],
    ['a code point above U+10FFFF', Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0],
    ['GB18030 after UTF-8', Buffer.concat([Buffer.from('中'), GB_BYTES]), 3],
  ])('finds the first bad byte in %s', (_name, bytes, index) => {
    expect(firstInvalidUtf8(bytes)).toBe(index);
  });
});

describe('Utf8Transcoder', () => {
  it.each<Encoding>(['utf8', 'utf16le', 'utf16be'])(
    'turns %s into the same UTF-8 whatever the chunk size',
    (encoding) => {
      const bytes = encode(SAMPLE, encoding);
      for (let size = 1; size <= 7; size += 1) {
        expect(transcode(encoding, chunks(bytes, size)).text).toBe(SAMPLE);
      }
    },
  );

  it.each<Encoding>(['utf8', 'utf16le', 'utf16be'])(
    'turns %s into the same UTF-8 wherever one cut falls',
    (encoding) => {
      const bytes = encode(SAMPLE, encoding);
      for (let cut = 0; cut <= bytes.length; cut += 1) {
        const { text, t } = transcode(encoding, [bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(text).toBe(SAMPLE);
        expect(t.notes).toEqual({ switchedToGb18030: null, firstInvalidByte: null });
      }
    },
  );

  it('decodes GB18030 written by hand, in chunks of every size', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), GB_BYTES, Buffer.from('"}\n')]);
    for (let size = 1; size <= 7; size += 1) {
      expect(transcode('gb18030', chunks(bytes, size)).text).toBe(`{"a":"${GB_TEXT}"}\n`);
    }
  });

  it('decodes four-byte GB18030 sequences cut anywhere', () => {
    // 𠀀 (U+20000) and 💩 (U+1F4A9) take four bytes each in GB18030.
    const bytes = Buffer.from([0x22, 0x95, 0x32, 0x82, 0x36, 0x94, 0x39, 0xda, 0x33, 0x22]);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const { text, t } = transcode('gb18030', [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(text).toBe('"\u{20000}\u{1F4A9}"');
      expect(t.notes.firstInvalidByte).toBeNull();
    }
  });

  it('switches an ASCII start to GB18030 at the first GB18030 byte, wherever the chunks fall', () => {
    const ascii = '{"msgid":"a"}\n{"text":"';
    const bytes = Buffer.concat([Buffer.from(ascii), GB_BYTES, Buffer.from('"}\n')]);
    for (let size = 1; size <= 7; size += 1) {
      const { text, t } = transcode('utf8', chunks(bytes, size));
      expect(text).toBe(`${ascii}${GB_TEXT}"}\n`);
      expect(t.currentEncoding).toBe('gb18030');
      expect(t.notes.switchedToGb18030).toEqual({ sourceAt: ascii.length, utf8At: ascii.length });
      expect(t.notes.firstInvalidByte).toBeNull();
    }
  });

  it('replaces a stray byte in UTF-8 and notes exactly where it was', () => {
    const before = '{"a":"中';
    const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from('x"}\n')]);
    for (let size = 1; size <= 7; size += 1) {
      const { text, t } = transcode('utf8', chunks(bytes, size));
      expect(text).toBe(`${before}\uFFFDx"}\n`);
      expect(t.currentEncoding).toBe('utf8');
      const at = Buffer.byteLength(before);
      expect(t.notes.firstInvalidByte).toEqual({ sourceAt: at, utf8At: at });
    }
  });

  it('notes a UTF-8 file that ends in the middle of a character', () => {
    const bytes = Buffer.from('{"a":"中').subarray(0, -1);
    const { text, t } = transcode('utf8', [bytes]);
    expect(text).toBe('{"a":"\uFFFD');
    expect(t.notes.firstInvalidByte).toEqual({ sourceAt: 6, utf8At: 6 });
  });

  it('notes a UTF-16 file that ends in the middle of a character', () => {
    const bytes = Buffer.from('{"a":1}', 'utf16le').subarray(0, -1);
    const { text, t } = transcode('utf16le', [bytes]);
    expect(text).toBe('{"a":1\uFFFD');
    expect(t.notes.firstInvalidByte).not.toBeNull();
  });

  it('stays UTF-8 after real UTF-8 and a damaged byte in one chunk (regression: later GB18030-like bytes turned the rest of the file into GB18030)', () => {
    const t = new Utf8Transcoder('utf8');
    const first = t.push(Buffer.concat([Buffer.from('{"a":"中'), Buffer.from([0xff, 0x78])]));
    const second = t.push(Buffer.concat([Buffer.from([0xc4, 0xe3]), Buffer.from('中"}')]));
    expect(Buffer.concat([first, second, t.end()]).toString('utf8')).toBe(
      '{"a":"中\uFFFDx\uFFFD\uFFFD中"}',
    );
    expect(t.currentEncoding).toBe('utf8');
    expect(t.notes.switchedToGb18030).toBeNull();
  });

  it('never switches a read known to be in UTF-8 to GB18030', () => {
    const t = new Utf8Transcoder('utf8', { provenUtf8: true });
    const out = Buffer.concat([t.push(Buffer.from([0x61, ...GB.你])), t.end()]);
    expect(out.toString('utf8')).toBe('a\uFFFD\uFFFD');
    expect(t.currentEncoding).toBe('utf8');
  });

  it('counts the UTF-8 bytes it returned', () => {
    const t = new Utf8Transcoder('gb18030');
    t.push(GB_BYTES);
    t.end();
    expect(t.utf8Length).toBe(Buffer.byteLength(GB_TEXT));
  });
});
