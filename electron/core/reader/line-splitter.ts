/**
 * Splits UTF-8 chunks into lines for JSON Lines files. Works on bytes: 0x0A never occurs
 * inside a multi-byte UTF-8 character, so a character split across chunks is only decoded
 * once its line is complete. A line longer than MAX_RECORD_BYTES is skipped, not buffered.
 */
import { MAX_RECORD_BYTES, type RecordSink } from './raw-record.js';

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineStart = 0;
  private line = 1;
  private skipping = false;
  /** The rest of the current line was read before (a resumed import): drop it unseen. */
  private discarding = false;
  private offset = 0;

  constructor(
    private readonly sink: RecordSink,
    private readonly maxLineBytes = MAX_RECORD_BYTES,
  ) {}

  /** The line the next byte belongs to. */
  get currentLine(): number {
    return this.line;
  }

  /**
   * Resume reading at `offset`, which lies inside line `line` or on its line break (after an
   * interrupted import): that line was read before, so reading starts with the next one.
   */
  startAt(offset: number, line: number): void {
    this.offset = offset;
    this.lineStart = offset;
    this.line = line;
    this.discarding = true;
  }

  push(chunk: Buffer): void {
    let start = 0;
    let newline = chunk.indexOf(LF, 0);
    while (newline !== -1) {
      this.finishLine(chunk, start, newline);
      start = newline + 1;
      this.lineStart = this.offset + start;
      newline = chunk.indexOf(LF, start);
    }
    this.holdRest(chunk, start);
    this.offset += chunk.length;
  }

  end(): void {
    if (!this.discarding && (this.pendingBytes > 0 || this.skipping))
      this.emit(Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private finishLine(chunk: Buffer, start: number, end: number): void {
    if (this.discarding) {
      this.discarding = false;
    } else if (this.pendingBytes === 0 && !this.skipping) {
      this.emitRange(chunk, start, end);
    } else {
      if (!this.skipping) this.pending.push(chunk.subarray(start, end));
      this.emit(this.skipping ? Buffer.alloc(0) : Buffer.concat(this.pending));
      this.pending = [];
      this.pendingBytes = 0;
    }
    this.line += 1;
  }

  private holdRest(chunk: Buffer, start: number): void {
    if (start >= chunk.length || this.skipping || this.discarding) return;
    const rest = chunk.length - start;
    // One byte more than a line may hold: the carriage return of a CRLF, removed at the end.
    if (this.pendingBytes + rest > this.maxLineBytes + 1) {
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    // Copy: the caller reuses its read buffer.
    this.pending.push(Buffer.from(chunk.subarray(start)));
    this.pendingBytes += rest;
  }

  private emitRange(chunk: Buffer, start: number, end: number): void {
    let stop = end;
    if (stop > start && chunk[stop - 1] === CR) stop -= 1;
    if (stop - start > this.maxLineBytes) {
      this.reportTooLong();
      return;
    }
    if (isBlank(chunk, start, stop)) return;
    this.sink.record({
      text: chunk.toString('utf8', start, stop),
      line: this.line,
      offset: this.lineStart,
      length: stop - start,
    });
  }

  private emit(bytes: Buffer): void {
    if (this.skipping) {
      this.skipping = false;
      this.reportTooLong();
      return;
    }
    this.emitRange(bytes, 0, bytes.length);
  }

  private reportTooLong(): void {
    const megabytes = Math.round(this.maxLineBytes / (1024 * 1024));
    this.sink.problem({
      line: this.line,
      offset: this.lineStart,
      code: 'line_too_long',
      message: `Line ${this.line} is longer than ${megabytes} MB, so it cannot be one message; it was skipped.`,
      fatal: false,
    });
  }
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  }
  return true;
}
