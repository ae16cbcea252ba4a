/**
 * Decides how an export file is encoded and turns its bytes into UTF-8 chunks, so that the
 * line splitter and the JSON scanner only ever see UTF-8.
 *
 * Exports come from WeCom tools on every platform: UTF-8 with or without a BOM, UTF-16 with a
 * BOM from Windows tools, and GB18030 (a superset of GBK) from older Chinese Windows setups.
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
  const complete = head.subarray(0, completeUtf8Length(head));
  if (isUtf8(complete) || !hasNonAscii(complete)) return { encoding: 'utf8', bomLength: 0 };
  return { encoding: firstInvalidIsBeforeUtf8(complete) ? 'gb18030' : 'utf8', bomLength: 0 };
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

function hasNonAscii(bytes: Buffer): boolean {
  for (let index = 0; index < bytes.length; index += 1) if (bytes[index]! >= 0x80) return true;
  return false;
}

/** True when the first byte that breaks UTF-8 comes before any valid multi-byte sequence. */
function firstInvalidIsBeforeUtf8(bytes: Buffer): boolean {
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (byte < 0x80) {
      index += 1;
      continue;
    }
    const length =
      byte >= 0xf0 && byte < 0xf5 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 && byte < 0xe0 ? 2 : 0;
    if (length === 0 || index + length > bytes.length) return true;
    if (!isUtf8(bytes.subarray(index, index + length))) return true;
    return false;
  }
  return false;
}

export interface DecodeNotes {
  /** Set when a file read as UTF-8 turned out to be GB18030 part-way through. */
  switchedToGb18030At: number | null;
  /** Byte offset of the first byte that was not valid in the file's encoding. */
  firstInvalidByteAt: number | null;
}

/**
 * Converts chunks of the source file to UTF-8. `push` returns the UTF-8 bytes of the complete
 * characters so far; `end` flushes what is left. Offsets in `notes` are source offsets.
 */
export class Utf8Transcoder {
  readonly notes: DecodeNotes = { switchedToGb18030At: null, firstInvalidByteAt: null };
  private encoding: Encoding;
  private decoder: TextDecoder | null;
  private carry: Buffer = Buffer.alloc(0);
  private sawUtf8 = false;
  private consumed = 0;

  constructor(encoding: Encoding) {
    this.encoding = encoding;
    this.decoder =
      encoding === 'utf8' ? null : new TextDecoder(encodingLabel(encoding), { fatal: false });
  }

  get currentEncoding(): Encoding {
    return this.encoding;
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
      return complete;
    }
    const sourceStart = start - (bytes.length - chunk.length);
    if (!this.sawUtf8 && firstInvalidIsBeforeUtf8(complete)) {
      // Pure ASCII so far: the file is GB18030 and every byte before this chunk read the same.
      this.encoding = 'gb18030';
      this.decoder = new TextDecoder('gb18030', { fatal: false });
      this.notes.switchedToGb18030At = sourceStart;
      return this.decodeOther(bytes, sourceStart);
    }
    this.notes.firstInvalidByteAt ??= sourceStart;
    return Buffer.from(complete.toString('utf8'), 'utf8');
  }

  end(): Buffer {
    if (this.decoder) {
      const text = this.decoder.decode();
      return Buffer.from(text, 'utf8');
    }
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    if (rest.length && !isUtf8(rest)) this.notes.firstInvalidByteAt ??= this.consumed - rest.length;
    return rest.length ? Buffer.from(rest.toString('utf8'), 'utf8') : rest;
  }

  private decodeOther(chunk: Buffer, sourceStart: number): Buffer {
    const text = this.decoder!.decode(chunk, { stream: true });
    if (this.notes.firstInvalidByteAt === null && text.includes('\uFFFD')) {
      this.notes.firstInvalidByteAt = sourceStart;
    }
    return Buffer.from(text, 'utf8');
  }
}

function encodingLabel(encoding: Exclude<Encoding, 'utf8'>): string {
  return encoding === 'utf16le' ? 'utf-16le' : encoding === 'utf16be' ? 'utf-16be' : 'gb18030';
}
