/**
 * Decides how an export file is encoded and turns its bytes into UTF-8 chunks, so that the
 * line splitter and the JSON scanner only ever see UTF-8.
 *
 * Exports come from WeCom tools on every platform: UTF-8 with or without a BOM, UTF-16 from
 * Windows tools (usually with a BOM, sometimes without), and GB18030 (a superset of GBK) from
 * older Chinese Windows setups.
 * A file without a BOM is read as UTF-8 while its bytes are valid UTF-8. If invalid bytes
 * appear before any non-ASCII UTF-8 was seen, the file is GB18030 (ASCII reads the same in
 * both), and decoding switches from there on; after real UTF-8 content, invalid bytes are
 * replaced with U+FFFD and reported.
 */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'gb18030';

export interface Sniffed {
  encoding: Encoding;
  /** Bytes of byte-order mark at the start of the file. */
  bomLength: number;
}

export function sniffEncoding(head: Buffer): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', bomLength: 2 };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  const complete = head.subarray(0, completeUtf8Length(head));
  const invalidAt = firstInvalidUtf8(complete);
  if (invalidAt === -1) return { encoding: 'utf8', bomLength: 0 };
  return { encoding: hasNonAscii(complete, invalidAt) ? 'utf8' : 'gb18030', bomLength: 0 };
}

/** Pairs of bytes looked at to recognise UTF-16 without a BOM. */
const UTF16_SNIFF_PAIRS = 2048;

/**
 * UTF-8 JSON never holds a zero byte (a raw U+0000 is not allowed in JSON text), while UTF-16
 * JSON starts with an ASCII character (a bracket, or white space before one), which is a zero
 * byte beside a non-zero one, and its keys, quotes and digits are more of the same. So a file
 * that opens with such a pair, and has zeros only on that side of its pairs, is UTF-16 in the
 * byte order the side gives. Both conditions hold for any amount of Chinese text after the
 * opening (CJK characters have no zero byte at all); a few zeros on the other side are allowed,
 * since a character such as 一 (U+4E00) has one.
 */
function utf16WithoutBom(head: Buffer): Encoding | null {
  const pairs = Math.min(head.length >> 1, UTF16_SNIFF_PAIRS);
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let pair = 0; pair < pairs; pair += 1) {
    if (head[2 * pair] === 0) evenZeros += 1;
    if (head[2 * pair + 1] === 0) oddZeros += 1;
  }
  const opening = firstUtf16Opening(head, pairs);
  if (opening === 'utf16le' && evenZeros * 8 < oddZeros) return 'utf16le';
  if (opening === 'utf16be' && oddZeros * 8 < evenZeros) return 'utf16be';
  return null;
}

/** The byte order in which the head opens with JSON white space and then `[` or `{`, if any. */
function firstUtf16Opening(head: Buffer, pairs: number): Encoding | null {
  const opening = (code: number) => code === 0x5b || code === 0x7b;
  const space = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
  for (const [order, low, high] of [
    ['utf16le', 0, 1],
    ['utf16be', 1, 0],
  ] as const) {
    for (let pair = 0; pair < pairs; pair += 1) {
      const code = head[2 * pair + low]!;
      if (head[2 * pair + high] !== 0 || !(opening(code) || space(code))) break;
      if (opening(code)) return order;
    }
  }
  return null;
}

/** Length of the prefix that ends on a complete UTF-8 sequence (a chunk may cut one). */
export function completeUtf8Length(bytes: Buffer): number {
  const end = bytes.length;
  // Walk back over at most three continuation bytes to the lead byte of the last sequence.
  for (let back = 1; back <= 4 && back <= end; back += 1) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? end - back : end;
  }
  return end;
}

function hasNonAscii(bytes: Buffer, end = bytes.length): boolean {
  for (let index = 0; index < end; index += 1) if (bytes[index]! >= 0x80) return true;
  return false;
}

/**
 * Index of the first byte that does not start a valid UTF-8 sequence, or -1 when all are valid.
 * Only called on bytes already known to be invalid somewhere, so its cost is rare.
 */
export function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    if (bytes[index]! < 0x80) {
      index += 1;
      continue;
    }
    const length = validSequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return -1;
}

/** Length of the valid multi-byte sequence at `at` (RFC 3629 table 3-7), or 0. */
function validSequenceLength(bytes: Buffer, at: number): number {
  const lead = bytes[at]!;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0; // overlong forms
    if (lead === 0xed) high = 0x9f; // UTF-16 surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90; // overlong forms
    if (lead === 0xf4) high = 0x8f; // beyond U+10FFFF
  } else {
    return 0;
  }
  if (at + length > bytes.length) return 0;
  const second = bytes[at + 1]!;
  if (second < low || second > high) return 0;
  for (let next = at + 2; next < at + length; next += 1) {
    if ((bytes[next]! & 0xc0) !== 0x80) return 0;
  }
  return length;
}

/** Where something happened while decoding: in the source file and in the UTF-8 output. */
export interface DecodeNote {
  /**
   * Source offset. Exact for UTF-8; for UTF-16 and GB18030 it is the start of the read in
   * which the damage was found.
   */
  sourceAt: number;
  /** Offset in the UTF-8 output (the offsets of records), to find the line. */
  utf8At: number;
}

export interface DecodeNotes {
  /** A file read as UTF-8 turned out to be GB18030 part-way through: where it did. */
  switchedToGb18030: DecodeNote | null;
  /** The first byte that was not valid in the file's encoding (replaced with U+FFFD). */
  firstInvalidByte: DecodeNote | null;
}

/**
 * Converts chunks of the source file to UTF-8. `push` returns the UTF-8 bytes of the complete
 * characters so far; `end` flushes what is left. `notes` say where bytes were replaced or the
 * encoding changed.
 */
export class Utf8Transcoder {
  readonly notes: DecodeNotes = { switchedToGb18030: null, firstInvalidByte: null };
  private encoding: Encoding;
  private decoder: TextDecoder | null;
  private carry: Buffer = Buffer.alloc(0);
  private sawUtf8: boolean;
  private consumed = 0;
  private produced = 0;

  /**
   * `provenUtf8`: the bytes before the first chunk held real UTF-8 (a read resumed part-way
   * through a file), so invalid bytes are damage and never a reason to switch to GB18030.
   */
  constructor(encoding: Encoding, options: { provenUtf8?: boolean } = {}) {
    this.encoding = encoding;
    this.sawUtf8 = options.provenUtf8 ?? false;
    this.decoder =
      encoding === 'utf8' ? null : new TextDecoder(encodingLabel(encoding), { fatal: false });
  }

  get currentEncoding(): Encoding {
    return this.encoding;
  }

  /** True once non-ASCII UTF-8 has been read, so that the file can no longer turn GB18030. */
  get provenUtf8(): boolean {
    return this.encoding === 'utf8' && this.sawUtf8;
  }

  /** Bytes of UTF-8 returned so far. */
  get utf8Length(): number {
    return this.produced;
  }

  push(chunk: Buffer): Buffer {
    const start = this.consumed;
    this.consumed += chunk.length;
    if (this.decoder) return this.decodeOther(chunk, start);

    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const completeLength = completeUtf8Length(bytes);
    const complete = bytes.subarray(0, completeLength);
    this.carry = Buffer.from(bytes.subarray(completeLength));
    if (isUtf8(complete)) {
      if (!this.sawUtf8 && hasNonAscii(complete)) this.sawUtf8 = true;
      return this.produce(complete);
    }
    const sourceStart = start - (bytes.length - chunk.length);
    const invalidAt = firstInvalidUtf8(complete);
    if (!this.sawUtf8 && !hasNonAscii(complete, invalidAt)) {
      // Pure ASCII so far: the file is GB18030 and every byte before this one read the same.
      this.encoding = 'gb18030';
      this.decoder = new TextDecoder('gb18030', { fatal: false });
      this.carry = Buffer.alloc(0);
      this.notes.switchedToGb18030 = {
        sourceAt: sourceStart + invalidAt,
        utf8At: this.produced + invalidAt,
      };
      return this.decodeOther(bytes, sourceStart);
    }
    // Real UTF-8 came first (in this chunk or before): the file is UTF-8 with damaged bytes,
    // and stays UTF-8 however many more of them follow.
    this.sawUtf8 = true;
    this.noteInvalid(sourceStart + invalidAt, this.produced + invalidAt);
    return this.produce(Buffer.from(complete.toString('utf8'), 'utf8'));
  }

  end(): Buffer {
    if (this.decoder) return this.decodeOther(null, this.consumed);
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    if (rest.length === 0) return rest;
    if (!isUtf8(rest)) this.noteInvalid(this.consumed - rest.length, this.produced);
    return this.produce(Buffer.from(rest.toString('utf8'), 'utf8'));
  }

  /** `chunk` null flushes the decoder at the end of the file. */
  private decodeOther(chunk: Buffer | null, sourceStart: number): Buffer {
    const text = chunk ? this.decoder!.decode(chunk, { stream: true }) : this.decoder!.decode();
    const replaced = text.indexOf('\uFFFD');
    if (replaced !== -1 && this.notes.firstInvalidByte === null) {
      this.noteInvalid(sourceStart, this.produced + Buffer.byteLength(text.slice(0, replaced)));
    }
    return this.produce(Buffer.from(text, 'utf8'));
  }

  private noteInvalid(sourceAt: number, utf8At: number): void {
    this.notes.firstInvalidByte ??= { sourceAt, utf8At };
  }

  private produce(utf8: Buffer): Buffer {
    this.produced += utf8.length;
    return utf8;
  }
}

function encodingLabel(encoding: Exclude<Encoding, 'utf8'>): string {
  return encoding === 'utf16le' ? 'utf-16le' : encoding === 'utf16be' ? 'utf-16be' : 'gb18030';
}
