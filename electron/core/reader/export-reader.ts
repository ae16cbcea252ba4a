/**
 * Streams an export file from disk as batches of raw records, whatever its encoding and
 * format, with bounded memory: one read buffer, the current batch, and at most one record
 * being assembled.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

import { detectFormat, type ExportFormat } from './detect-format.js';
import {
  sniffEncoding,
  Utf8Transcoder,
  type DecodeNotes,
  type Encoding,
  type Sniffed,
} from './encoding.js';
import { JsonScanner } from './json-scanner.js';
import { LineSplitter } from './line-splitter.js';
import type { FileProblem, RawRecord, RecordSink } from './raw-record.js';

/** 1 MB reads: large enough that per-read costs vanish, small next to the memory budget. */
export const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * A batch ends at this many bytes of records even when it holds fewer than batchSize: a file of
 * very large messages must not gather a thousand of them in memory at once.
 */
export const BATCH_BYTES = 4 * 1024 * 1024;

export interface ExportFileInfo {
  format: ExportFormat;
  encoding: Encoding;
  bomLength: number;
  size: number;
  mtimeMs: number;
}

export interface ReadBatch {
  records: RawRecord[];
  /** Problems of the file found among these records, in file order. */
  problems: FileProblem[];
  /**
   * Warnings about the file's bytes (damaged bytes, a switch to GB18030), at most one of each
   * kind per read; they concern no single record and count as none.
   */
  warnings: FileProblem[];
  /** Source bytes consumed so far. */
  bytesRead: number;
}

export interface ReadOptions {
  /**
   * Resume a JSON Lines file at this UTF-8 offset and line: the offset lies inside that line or
   * on its line break, and reading carries on with the next line.
   */
  resumeAt?: { offset: number; line: number };
  /** Records per batch at most; a batch comes sooner when the file has problems to report. */
  batchSize?: number;
  /** A batch ends with the record that brings it to this many bytes (BATCH_BYTES). */
  batchBytes?: number;
  /** Bytes per read, at most READ_CHUNK_BYTES; small reads exercise records cut across reads. */
  chunkBytes?: number;
}

export class ExportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ExportFileError';
  }
}

class BatchSink implements RecordSink {
  records: RawRecord[] = [];
  problems: FileProblem[] = [];
  warnings: FileProblem[] = [];
  /** Bytes of the records held. */
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  record(record: RawRecord): void {
    this.records.push(record);
    this.bytes += record.length;
  }

  problem(problem: FileProblem): void {
    this.problems.push(problem);
  }

  get hasFatal(): boolean {
    return this.problems.some((problem) => problem.fatal);
  }

  /**
   * Full batches first; then, at the end or when there are problems to report, what is left.
   * One read may hold thousands of records, and a batch is one transaction of the store.
   */
  *drain(limit: number, bytesRead: number, final: boolean): Generator<ReadBatch> {
    while (this.records.length >= limit || this.bytes >= this.maxBytes)
      yield this.take(limit, bytesRead);
    if (final || this.problems.length > 0 || this.warnings.length > 0)
      yield this.take(limit, bytesRead);
  }

  /**
   * At most `limit` records, ending with the one that brings their bytes to maxBytes, with the
   * problems that come before the first record left.
   */
  private take(limit: number, bytesRead: number): ReadBatch {
    let records = this.records;
    let problems = this.problems;
    let count = 0;
    let bytes = 0;
    while (count < records.length && count < limit && (count === 0 || bytes < this.maxBytes)) {
      bytes += records[count]!.length;
      count += 1;
    }
    this.bytes -= bytes;
    if (records.length > count) {
      const cut = records[count]!.offset;
      this.records = records.slice(count);
      records = records.slice(0, count);
      this.problems = problems.filter((problem) => problem.offset >= cut);
      problems = problems.filter((problem) => problem.offset < cut);
    } else {
      this.records = [];
      this.problems = [];
    }
    const warnings = this.warnings;
    this.warnings = [];
    return { records, problems, warnings, bytesRead };
  }
}

const ENCODING_NAMES: Record<Encoding, string> = {
  utf8: 'UTF-8',
  utf16le: 'UTF-16',
  utf16be: 'UTF-16',
  gb18030: 'GB18030',
};

export class ExportReader {
  private fd: number;
  private head: Buffer;
  private headLength: number;
  readonly info: ExportFileInfo;
  private sniffed: Sniffed;
  private transcoder: Utf8Transcoder;
  private firstUtf8: Buffer;
  /** Decoding notes of the current transcoder already turned into warnings. */
  private warned = new Set<keyof DecodeNotes>();
  /** UTF-8 offset at which the current read started (not 0 when resumed). */
  private utf8Start = 0;

  constructor(readonly path: string) {
    // Checked before opening: opening a pipe would wait for a writer that may never come.
    const before = statSync(path);
    if (before.isDirectory()) {
      throw new ExportFileError('not_a_file', `${path} is a folder, not an export file.`);
    }
    if (!before.isFile()) {
      throw new ExportFileError(
        'not_a_file',
        `${path} is not a regular file (a pipe or a device); save the export to a file first.`,
      );
    }
    this.fd = openSync(path, 'r');
    try {
      const stat = fstatSync(this.fd);
      this.head = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      this.headLength = readSync(this.fd, this.head, 0, this.head.length, 0);
      const head = this.head.subarray(0, this.headLength);
      this.sniffed = sniffEncoding(head);
      this.transcoder = new Utf8Transcoder(this.sniffed.encoding);
      this.firstUtf8 = this.transcoder.push(head.subarray(this.sniffed.bomLength));
      const guess = detectFormat(this.firstUtf8.toString('utf8'), this.headLength === stat.size);
      if (!guess.ok) throw new ExportFileError(guess.code, guess.message);
      this.info = {
        format: guess.format,
        encoding: this.transcoder.currentEncoding,
        bomLength: this.sniffed.bomLength,
        size: stat.size,
        mtimeMs: Math.trunc(stat.mtimeMs),
      };
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  /** The encoding in effect now; a UTF-8 guess can turn into GB18030 part-way through. */
  get encoding(): Encoding {
    return this.transcoder.currentEncoding;
  }

  get decodeNotes(): DecodeNotes {
    return this.transcoder.notes;
  }

  *batches(options: ReadOptions = {}): Generator<ReadBatch> {
    const batchSize = options.batchSize ?? 1000;
    const chunkBytes = Math.min(options.chunkBytes ?? READ_CHUNK_BYTES, READ_CHUNK_BYTES);
    const sink = new BatchSink(options.batchBytes ?? BATCH_BYTES);
    const parser = this.info.format === 'jsonl' ? new LineSplitter(sink) : new JsonScanner(sink);
    const resume = options.resumeAt;
    const buffer = this.head;
    let position = this.headLength;

    try {
      if (resume && parser instanceof LineSplitter && this.canResumeAt(resume.offset)) {
        parser.startAt(resume.offset, resume.line);
        position = this.info.bomLength + resume.offset;
        this.utf8Start = resume.offset;
        this.restartDecoding(
          new Utf8Transcoder('utf8', { provenUtf8: this.transcoder.provenUtf8 }),
        );
      } else if (chunkBytes < this.headLength) {
        // Read the head again in reads of the size asked for, so that the whole file is read
        // that way; the head read only served to sniff the encoding and the format.
        position = this.info.bomLength;
        this.restartDecoding(new Utf8Transcoder(this.sniffed.encoding));
      } else {
        this.deliver(parser, sink, this.firstUtf8);
        const fatal = sink.hasFatal;
        yield* sink.drain(batchSize, position, false);
        if (fatal) return;
      }

      for (;;) {
        const read = readSync(this.fd, buffer, 0, chunkBytes, position);
        if (read === 0) break;
        position += read;
        this.deliver(parser, sink, this.transcoder.push(buffer.subarray(0, read)));
        const fatal = sink.hasFatal;
        yield* sink.drain(batchSize, position, false);
        if (fatal) return;
      }
      this.deliver(parser, sink, this.transcoder.end());
      parser.end();
      yield* sink.drain(batchSize, position, true);
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  /**
   * Seeking to a resume point is exact only where UTF-8 offsets equal file offsets (a UTF-8
   * file with nothing replaced before it), and only where a decoder starting there decides as
   * the first read did: the head proved the file UTF-8, or the point lies in an ASCII head.
   */
  private canResumeAt(offset: number): boolean {
    if (this.info.encoding !== 'utf8' || offset <= 0 || offset >= this.info.size) return false;
    const notes = this.transcoder.notes;
    if (notes.firstInvalidByte || notes.switchedToGb18030) return false;
    return this.transcoder.provenUtf8 || offset < this.firstUtf8.length;
  }

  private restartDecoding(transcoder: Utf8Transcoder): void {
    this.transcoder = transcoder;
    this.warned.clear();
  }

  /** Hands UTF-8 to the parser, after turning new decoding notes into warnings with a line. */
  private deliver(parser: LineSplitter | JsonScanner, sink: BatchSink, utf8: Buffer): void {
    const chunkStart = this.transcoder.utf8Length - utf8.length;
    for (const kind of ['switchedToGb18030', 'firstInvalidByte'] as const) {
      const note = this.transcoder.notes[kind];
      if (!note || this.warned.has(kind)) continue;
      this.warned.add(kind);
      const within = Math.min(Math.max(note.utf8At - chunkStart, 0), utf8.length);
      const line = parser.currentLine + countLineBreaks(utf8, within);
      sink.warnings.push({
        line,
        offset: this.utf8Start + note.utf8At,
        code: kind === 'switchedToGb18030' ? 'read_as_gb18030' : 'invalid_bytes',
        message:
          kind === 'switchedToGb18030'
            ? `From line ${line} on, the file is not valid UTF-8, so it was read as GB18030 (the encoding of older Chinese Windows tools). If its Chinese text looks wrong, save the file as UTF-8 and import it again.`
            : `Line ${line} holds bytes that are not valid ${ENCODING_NAMES[this.transcoder.currentEncoding]}; they were replaced with "\uFFFD", so the text there is damaged. Later lines may hold more such bytes.`,
        fatal: false,
      });
    }
    parser.push(utf8);
  }
}

function countLineBreaks(bytes: Buffer, end: number): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < end; at = bytes.indexOf(0x0a, at + 1))
    count += 1;
  return count;
}
