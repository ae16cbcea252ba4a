/**
 * Finds the records of a JSON document (an array of messages, an object wrapping the list
 * under `msg_list` or `chatdata`, or a single message) without parsing it.
 *
 * Hand-written for speed and bounded memory: it only tracks strings, brackets and the keys of
 * the top-level object, jumping from quote to quote with Buffer.indexOf, and hands each
 * record's text to the native JSON.parse. A token-by-token JavaScript parser would do the
 * parsing work twice and several times slower. A syntax error inside one record stays inside
 * that record: its brackets and strings still balance, so the next record is found.
 */
import { MAX_NESTING, MAX_RECORD_BYTES, type RecordSink } from './raw-record.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/** Top-level keys whose array holds the messages. */
export const WRAPPER_KEYS = new Set(['msg_list', 'chatdata', 'msgList', 'messages', 'data']);

/**
 * Keys only messages have (one of them is enough to read an object as a message, whose missing
 * fields the validator then names). API replies also have keys such as `action` or `from`.
 */
const MESSAGE_KEYS = new Set(['msgid', 'msgtype', 'msgtime']);

interface Collecting {
  parts: Buffer[];
  bytes: number;
  line: number;
  offset: number;
  /** Depth at which the record closes. */
  depth: number;
  maxDepth: number;
  /** True once the record is too large or deep: keep scanning, stop keeping bytes. */
  dropped: 'size' | 'depth' | null;
  /** A candidate for "the whole file is one message"; cancelled if a wrapper key shows up. */
  root: boolean;
  /** For a root candidate: one of its keys is a message's. */
  messageKey: boolean;
}

export class JsonScanner {
  private depth = 0;
  private inString = false;
  /** The previous chunk ended in an odd run of backslashes inside a string. */
  private escapePending = false;
  private line = 1;
  private offset = 0;
  /** Depth at which an opening bracket starts a record, or -1 outside a record list. */
  private recordDepth = -1;
  private collecting: Collecting | null = null;
  private stopped = false;
  private records = 0;
  private entryReported = false;

  // Keys of the top-level object, to find the wrapper list.
  private expectKey = false;
  private keyParts: Buffer[] | null = null;
  private lastKey: string | null = null;
  private awaitingValue = false;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxRecordBytes = MAX_RECORD_BYTES,
  ) {}

  get recordCount(): number {
    return this.records;
  }

  /** The line the next byte belongs to. */
  get currentLine(): number {
    return this.line;
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    const length = chunk.length;
    let index = 0;
    let chunkStart = 0;
    while (index < length && !this.stopped) {
      if (this.inString) {
        const close = this.findStringEnd(chunk, index);
        if (close === -1) {
          this.countNewlines(chunk, index, length);
          index = length;
          break;
        }
        this.countNewlines(chunk, index, close);
        this.inString = false;
        if (this.keyParts) this.finishKey(chunk, chunkStart, close);
        index = close + 1;
        continue;
      }
      const byte = chunk[index]!;
      switch (byte) {
        case QUOTE:
          this.inString = true;
          this.onValueStart(byte);
          if (this.depth === 1 && this.expectKey && this.recordDepth !== 1) {
            this.keyParts = [];
            chunkStart = index + 1;
          } else {
            this.onScalarInList(index);
          }
          break;
        case OPEN_BRACE:
        case OPEN_BRACKET:
          this.onValueStart(byte);
          this.open(chunk, index, byte);
          break;
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.close(chunk, index);
          break;
        case LF:
          this.line += 1;
          break;
        case COLON:
          if (this.depth === 1 && this.lastKey !== null) this.awaitingValue = true;
          break;
        case COMMA:
          if (this.depth === 1 && this.recordDepth !== 1) this.expectKey = true;
          this.entryReported = false;
          break;
        case 0x20:
        case 0x09:
        case 0x0d:
          break;
        default:
          if (this.depth === 0) {
            this.fail(
              `Line ${this.line} has text outside any JSON value; the file is not JSON.`,
              index,
            );
          } else {
            this.onValueStart(byte);
            this.onScalarInList(index);
          }
      }
      index += 1;
    }
    if (this.collecting && !this.collecting.dropped) this.keepTail(chunk);
    if (this.keyParts && this.inString) this.keyParts.push(Buffer.from(chunk.subarray(chunkStart)));
    this.offset += length;
    this.chunkRecordStart = -1;
    this.nextBreak = -1;
  }

  end(): void {
    if (this.stopped) return;
    if (this.depth > 0 || this.inString) {
      const where = this.collecting
        ? ` The record that starts at line ${this.collecting.line} is cut off.`
        : '';
      this.fail(`The file ends before its JSON is complete (at line ${this.line}).${where}`, 0);
    }
  }

  // -- strings ---------------------------------------------------------------------------

  private findStringEnd(chunk: Buffer, from: number): number {
    let start = from;
    if (this.escapePending) {
      this.escapePending = false;
      start += 1;
    }
    for (;;) {
      const quote = chunk.indexOf(QUOTE, start);
      if (quote === -1) {
        this.escapePending = trailingBackslashes(chunk, chunk.length, start) % 2 === 1;
        return -1;
      }
      if (trailingBackslashes(chunk, quote, start) % 2 === 0) return quote;
      start = quote + 1;
    }
  }

  /**
   * The first line break at or after where the last search for one started, in the current
   * chunk: the chunk's length when there is none, -1 before the first search. A search from
   * each string to the next break would run to the end of the chunk for every string of a
   * document written on one line, which made such files 25 times slower to read.
   */
  private nextBreak = -1;

  private countNewlines(chunk: Buffer, from: number, to: number): void {
    // Raw newlines inside strings are invalid JSON, but counting them keeps later lines right.
    if (this.nextBreak < from) this.nextBreak = lineBreakFrom(chunk, from);
    while (this.nextBreak < to) {
      this.line += 1;
      this.nextBreak = lineBreakFrom(chunk, this.nextBreak + 1);
    }
  }

  // -- structure -------------------------------------------------------------------------

  /** Offset inside the current chunk where the record being collected starts, or -1. */
  private chunkRecordStart = -1;

  private open(chunk: Buffer, index: number, byte: number): void {
    if (this.depth === this.recordDepth && !this.collecting) {
      this.startRecord(index, false);
    } else if (this.depth === 0 && byte === OPEN_BRACE) {
      this.startRecord(index, true);
      this.expectKey = true;
    } else if (this.depth === 0 && byte === OPEN_BRACKET) {
      this.recordDepth = 1;
    }
    this.depth += 1;
    if (this.collecting && this.depth - this.collecting.depth > this.collecting.maxDepth) {
      this.collecting.maxDepth = this.depth - this.collecting.depth;
      if (this.collecting.maxDepth > MAX_NESTING && !this.collecting.dropped) this.drop('depth');
    }
    void chunk;
  }

  private close(chunk: Buffer, index: number): void {
    this.depth -= 1;
    if (this.depth < 0) {
      this.fail(
        `Line ${this.line} closes a bracket that was never opened; the rest of the file cannot be read.`,
        index,
      );
      return;
    }
    const collecting = this.collecting;
    if (collecting && this.depth === collecting.depth) {
      this.finishRecord(chunk, index + 1);
    } else if (this.depth === this.recordDepth - 1) {
      // The list of records closed.
      this.recordDepth = -1;
    }
    if (this.depth === 0) {
      this.expectKey = false;
      this.lastKey = null;
      this.awaitingValue = false;
    }
  }

  private onValueStart(byte: number): void {
    if (!this.awaitingValue) return;
    this.awaitingValue = false;
    const key = this.lastKey;
    this.lastKey = null;
    this.expectKey = false;
    if (byte === OPEN_BRACKET && key !== null && WRAPPER_KEYS.has(key)) {
      // Inside the top-level object: its list holds the records, and the object is no record.
      this.recordDepth = 2;
      if (this.collecting?.root) this.collecting = null;
    }
  }

  private onScalarInList(index: number): void {
    if (this.depth !== this.recordDepth || this.entryReported) return;
    this.entryReported = true;
    this.sink.problem({
      line: this.line,
      offset: this.offset + index,
      code: 'not_an_object',
      message: `The list entry at line ${this.line} is not a JSON object, so it cannot be a message; it was skipped.`,
      fatal: false,
    });
  }

  private finishKey(chunk: Buffer, start: number, end: number): void {
    const parts = this.keyParts!;
    parts.push(chunk.subarray(start, end));
    this.keyParts = null;
    this.lastKey =
      parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8');
    this.expectKey = false;
    if (this.collecting?.root && MESSAGE_KEYS.has(this.lastKey)) this.collecting.messageKey = true;
  }

  // -- records ---------------------------------------------------------------------------

  private startRecord(index: number, root: boolean): void {
    this.collecting = {
      parts: [],
      bytes: 0,
      line: this.line,
      offset: this.offset + index,
      depth: this.depth,
      maxDepth: 0,
      dropped: null,
      root,
      messageKey: false,
    };
    this.chunkRecordStart = index;
  }

  private keepTail(chunk: Buffer): void {
    const collecting = this.collecting!;
    const start = this.chunkRecordStart === -1 ? 0 : this.chunkRecordStart;
    const part = chunk.subarray(start);
    if (collecting.bytes + part.length > this.maxRecordBytes) {
      this.drop('size');
      return;
    }
    collecting.parts.push(Buffer.from(part));
    collecting.bytes += part.length;
  }

  private drop(reason: 'size' | 'depth'): void {
    const collecting = this.collecting!;
    collecting.dropped = reason;
    collecting.parts = [];
  }

  private finishRecord(chunk: Buffer, end: number): void {
    const collecting = this.collecting!;
    this.collecting = null;
    const start = this.chunkRecordStart === -1 ? 0 : this.chunkRecordStart;
    this.chunkRecordStart = -1;
    const length = collecting.bytes + (end - start);
    if (!collecting.dropped && length > this.maxRecordBytes) collecting.dropped = 'size';
    if (collecting.dropped) {
      this.reportDropped(collecting);
      return;
    }
    if (collecting.root && !collecting.messageKey) {
      this.sink.problem({
        line: collecting.line,
        offset: collecting.offset,
        code: 'no_messages',
        message: `The object at line ${collecting.line} is neither a message (it has no msgid, msgtype or msgtime) nor a list of messages (no msg_list, chatdata, msgList, messages or data list), so nothing was read from it.`,
        fatal: false,
      });
      return;
    }
    const text =
      collecting.parts.length === 0
        ? chunk.toString('utf8', start, end)
        : Buffer.concat([...collecting.parts, chunk.subarray(start, end)]).toString('utf8');
    this.records += 1;
    this.sink.record({ text, line: collecting.line, offset: collecting.offset, length });
  }

  private reportDropped(collecting: Collecting): void {
    const megabytes = Math.round(this.maxRecordBytes / (1024 * 1024));
    const message =
      collecting.dropped === 'depth'
        ? `The record at line ${collecting.line} is nested deeper than ${MAX_NESTING} levels, so it cannot be a message; it was skipped.`
        : collecting.root
          ? `The top-level object is larger than ${megabytes} MB and holds no msg_list or chatdata list, so no messages were found in it.`
          : `The record at line ${collecting.line} is larger than ${megabytes} MB, so it cannot be one message; it was skipped.`;
    this.sink.problem({
      line: collecting.line,
      offset: collecting.offset,
      code: collecting.dropped === 'depth' ? 'too_deep' : 'record_too_large',
      message,
      fatal: false,
    });
  }

  /** `index`: where in the current chunk reading stops (0 once the input has ended). */
  private fail(message: string, index: number): void {
    this.stopped = true;
    this.sink.problem({
      line: this.line,
      offset: this.offset + index,
      code: 'broken_json',
      message,
      fatal: true,
    });
  }
}

function lineBreakFrom(chunk: Buffer, from: number): number {
  const at = chunk.indexOf(LF, from);
  return at === -1 ? chunk.length : at;
}

function trailingBackslashes(chunk: Buffer, before: number, floor: number): number {
  let count = 0;
  for (let at = before - 1; at >= floor && chunk[at] === BACKSLASH; at -= 1) count += 1;
  return count;
}
