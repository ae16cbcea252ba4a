/**
 * Streams an export file from disk as batches of raw records, whatever its encoding and
 * format, with bounded memory: one read buffer, the current batch, and at most one record
 * being assembled.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

import { detectFormat, type ExportFormat } from './detect-format.js';
import { sniffEncoding, Utf8Transcoder, type Encoding } from './encoding.js';
import { JsonScanner } from './json-scanner.js';
import { LineSplitter } from './line-splitter.js';
import type { FileProblem, RawRecord, RecordSink } from './raw-record.js';

/** 1 MB reads: large enough that per-read costs vanish, small next to the memory budget. */
export const READ_CHUNK_BYTES = 1024 * 1024;

export interface ExportFileInfo {
  format: ExportFormat;
  encoding: Encoding;
  bomLength: number;
  size: number;
  mtimeMs: number;
}

export interface ReadBatch {
  records: RawRecord[];
  problems: FileProblem[];
  /** Source bytes consumed so far. */
  bytesRead: number;
}

export interface ReadOptions {
  /** Resume a JSON Lines file at this UTF-8 offset (a line start) and line number. */
  resumeAt?: { offset: number; line: number };
  /** Yield a batch once this many records are collected. */
  batchSize?: number;
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
  record(record: RawRecord): void {
    this.records.push(record);
  }
  problem(problem: FileProblem): void {
    this.problems.push(problem);
  }
  take(bytesRead: number): ReadBatch {
    const batch = { records: this.records, problems: this.problems, bytesRead };
    this.records = [];
    this.problems = [];
    return batch;
  }
}

export class ExportReader {
  private fd: number;
  private head: Buffer;
  private headLength: number;
  readonly info: ExportFileInfo;
  private transcoder: Utf8Transcoder;
  private firstUtf8: Buffer;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'r');
    try {
      const stat = fstatSync(this.fd);
      if (stat.isDirectory())
        throw new ExportFileError('not_a_file', `${path} is a folder, not an export file.`);
      this.head = Buffer.allocUnsafe(READ_CHUNK_BYTES);
      this.headLength = readSync(this.fd, this.head, 0, this.head.length, 0);
      const head = this.head.subarray(0, this.headLength);
      const sniffed = sniffEncoding(head);
      this.transcoder = new Utf8Transcoder(sniffed.encoding);
      this.firstUtf8 = this.transcoder.push(head.subarray(sniffed.bomLength));
      const guess = detectFormat(this.firstUtf8.toString('utf8'), this.headLength === stat.size);
      if (!guess.ok) throw new ExportFileError(guess.code, guess.message);
      this.info = {
        format: guess.format,
        encoding: this.transcoder.currentEncoding,
        bomLength: sniffed.bomLength,
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

  get decodeNotes() {
    return this.transcoder.notes;
  }

  *batches(options: ReadOptions = {}): Generator<ReadBatch> {
    const batchSize = options.batchSize ?? 1000;
    const sink = new BatchSink();
    const parser = this.info.format === 'jsonl' ? new LineSplitter(sink) : new JsonScanner(sink);
    let bytesRead = this.headLength;
    let position = this.headLength;
    const resume = options.resumeAt;

    if (resume && parser instanceof LineSplitter && this.canResumeAt(resume.offset)) {
      parser.startAt(resume.offset, resume.line);
      position = this.info.bomLength + resume.offset;
      bytesRead = position;
      this.transcoder = new Utf8Transcoder('utf8');
    } else {
      parser.push(this.firstUtf8);
      if (sink.records.length >= batchSize || sink.problems.length) yield sink.take(bytesRead);
    }

    const buffer = this.head;
    try {
      for (;;) {
        const read = readSync(this.fd, buffer, 0, options.chunkBytes ?? buffer.length, position);
        if (read === 0) break;
        position += read;
        bytesRead = position;
        parser.push(this.transcoder.push(buffer.subarray(0, read)));
        const fatal = sink.problems.some((problem) => problem.fatal);
        if (sink.records.length >= batchSize || sink.problems.length > 0)
          yield sink.take(bytesRead);
        if (fatal) return;
      }
      parser.push(this.transcoder.end());
      parser.end();
      yield sink.take(bytesRead);
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

  /** Resuming by offset is exact only where UTF-8 offsets equal file offsets. */
  private canResumeAt(offset: number): boolean {
    return this.info.encoding === 'utf8' && offset > 0 && offset < this.info.size;
  }
}
