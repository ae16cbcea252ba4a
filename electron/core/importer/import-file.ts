/**
 * Imports one export file into the store: stream, normalize, validate, store in batches. An
 * interrupted import of the same unchanged file carries on from its last stored batch.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

import type { Database } from 'better-sqlite3';

import { createLogger } from '../logging/logger.js';
import { ExportFileError, ExportReader } from '../reader/export-reader.js';
import {
  emptyCounters,
  addCounters,
  type ImportCounters,
  ImportsRepo,
} from '../store/imports-repo.js';
import {
  beginBulkLoad,
  BULK_RECORDS_PER_TRANSACTION,
  endBulkLoad,
  shouldBulkLoad,
} from '../store/bulk-load.js';
import { MessageWriter, type WriteItem } from '../store/message-writer.js';
import { inlineSource, mergedSource, parseWorkerAvailable, workerSource } from './batch-source.js';
import { type BatchPlan, offsetsExact } from './prepared-batches.js';

const log = createLogger('import');

/** Records per transaction: large enough to amortise commits, small enough to lose little. */
export const RECORDS_PER_TRANSACTION = 2000;

/** Records per batch a parse worker hands over (see mergedSource). */
const PIPE_BATCH_RECORDS = 1000;

export interface FileProgress {
  importId: number;
  file: string;
  bytesRead: number;
  bytesTotal: number;
  records: number;
  stored: number;
  problems: number;
}

export interface FileImportResult {
  importId: number | null;
  file: string;
  state: 'done' | 'cancelled' | 'failed';
  /** A sentence when the file could not be read (in full). */
  error: string | null;
  counters: ImportCounters;
  byType: Map<string, number>;
  resumed: boolean;
}

export interface ImportFileOptions {
  db: Database;
  file: string;
  cutoff: number | null;
  signal?: AbortSignal;
  onProgress?: (progress: FileProgress) => void;
  recordsPerTransaction?: number;
  /** Parse in a worker thread (the default when the bundled worker exists) or inline. */
  parseInWorker?: boolean;
  /** Bytes per read of the file (see ReadOptions); small reads cut records across reads. */
  chunkBytes?: number;
  now?: () => number;
}

export const ENCRYPTED_FILE_SENTENCE =
  'This file holds GetChatData entries that are still encrypted (encrypt_chat_msg). Decrypt them first with the WeCom Finance SDK (DecryptData with your private key) and import the decrypted messages.';

export async function importFile(options: ImportFileOptions): Promise<FileImportResult> {
  let size = 0;
  try {
    size = statSync(options.file).size;
  } catch {
    // Missing files are reported by the import itself.
  }
  if (!shouldBulkLoad(options.db, size)) return importOneFile(options);
  beginBulkLoad(options.db);
  try {
    return await importOneFile({
      ...options,
      recordsPerTransaction: options.recordsPerTransaction ?? BULK_RECORDS_PER_TRANSACTION,
    });
  } finally {
    endBulkLoad(options.db);
  }
}

async function importOneFile(options: ImportFileOptions): Promise<FileImportResult> {
  const now = options.now ?? Date.now;
  const file = path.resolve(options.file);
  const imports = new ImportsRepo(options.db);
  const result: FileImportResult = {
    importId: null,
    file,
    state: 'failed',
    error: null,
    counters: emptyCounters(),
    byType: new Map(),
    resumed: false,
  };

  let reader: ExportReader;
  try {
    reader = new ExportReader(file);
  } catch (error) {
    result.error = describeOpenError(error, file);
    result.importId = recordFailedOpen(imports, file, result.error, now());
    return result;
  }

  const info = reader.info;
  const previous = imports.findResumable(file, info.size, info.mtimeMs);
  let importId: number;
  let resume: { offset: number; line: number } | undefined;
  // Seeking to the resume point is exact only while every byte before it was read as it is.
  let canSeek = false;
  if (previous && previous.format === info.format) {
    importId = previous.id;
    imports.reopen(importId, info.encoding);
    resume = { offset: previous.resume_offset, line: previous.resume_line };
    canSeek = previous.offsets_exact === 1;
    result.resumed = resume.offset > 0;
    log.info('resuming import', { importId, offset: resume.offset, line: resume.line });
  } else {
    importId = imports.create({
      path: file,
      name: path.basename(file),
      size: info.size,
      mtime: info.mtimeMs,
      format: info.format,
      encoding: info.encoding,
      bomLength: info.bomLength,
      now: now(),
    });
  }
  result.importId = importId;

  const writer = new MessageWriter(options.db, importId, options.cutoff);
  // Everything before this offset was stored by an earlier run that was interrupted.
  const skipBefore = resume?.offset ?? 0;
  let resumeOffset = skipBefore;
  let resumeLine = resume?.line ?? 1;
  let problemsSeen = 0;
  let exact = offsetsExact(reader);
  const plan: BatchPlan = {
    ...(resume && resume.offset > 0 && canSeek ? { resumeAt: resume } : {}),
    skipBefore,
    batchSize: options.recordsPerTransaction ?? RECORDS_PER_TRANSACTION,
    ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
  };
  const useWorker = options.parseInWorker ?? parseWorkerAvailable();
  if (useWorker) reader.close();
  const source = useWorker
    ? mergedSource(
        workerSource(
          file,
          { ...plan, batchSize: Math.min(plan.batchSize, PIPE_BATCH_RECORDS) },
          reader.encoding,
        ),
        plan.batchSize,
      )
    : inlineSource(reader, plan);
  try {
    for (let batch = await source.next(); batch; batch = await source.next()) {
      if (batch.encrypted) throw new ExportFileError('encrypted', ENCRYPTED_FILE_SENTENCE);
      exact = batch.offsetsExact;
      const { items, problems: fileProblems, warnings } = batch;
      for (const item of items) {
        resumeOffset = item.offset + item.length;
        resumeLine = item.line;
      }
      for (const problem of fileProblems) {
        // One byte into the skipped entry is past it: a resumed read drops the rest unseen.
        if (!problem.fatal && problem.offset >= resumeOffset) {
          resumeOffset = problem.offset + 1;
          resumeLine = problem.line;
        }
      }
      if (items.length === 0 && fileProblems.length === 0 && warnings.length === 0) continue;
      const written = writer.write({
        items,
        fileProblems,
        fileWarnings: warnings,
        resumeOffset,
        resumeLine,
        offsetsExact: exact,
      });
      addCounters(result.counters, written.counters);
      for (const [msgtype, count] of written.byType)
        result.byType.set(msgtype, (result.byType.get(msgtype) ?? 0) + count);
      problemsSeen +=
        fileProblems.length + items.reduce((sum, item) => sum + countProblems(item), 0);
      const fatal = fileProblems.find((problem) => problem.fatal);
      options.onProgress?.({
        importId,
        file,
        bytesRead: batch.bytesRead,
        bytesTotal: info.size,
        records: result.counters.records,
        stored: result.counters.stored,
        problems: problemsSeen,
      });
      if (fatal) {
        // Shown beside other files' sentences (CLI stderr, the window's import message): name it.
        result.error = inFile(file, fatal.message);
        break;
      }
      if (options.signal?.aborted) {
        source.close();
        imports.finish(importId, 'cancelled', now(), null);
        result.state = 'cancelled';
        return result;
      }
      await yieldToEventLoop();
    }
  } catch (error) {
    source.close();
    const sentence = describeOpenError(error, file);
    if (!(error instanceof ExportFileError)) log.error('import failed', { importId, error });
    imports.finish(importId, 'failed', now(), sentence);
    result.error = sentence;
    return result;
  }
  source.close();

  imports.finish(importId, 'done', now(), result.error, {
    encoding: source.encoding(),
    offsetsExact: exact,
  });
  result.state = 'done';
  log.info('import finished', { importId, ...result.counters });
  return result;
}

function countProblems(item: WriteItem): number {
  let count = 0;
  for (const outcome of item.outcomes) {
    if (outcome.kind === 'message') count += outcome.message.problems.length;
    else if (outcome.kind === 'rejected') count += outcome.problems.length;
  }
  return count;
}

function recordFailedOpen(imports: ImportsRepo, file: string, error: string, now: number): number {
  let size = 0;
  let mtime = 0;
  try {
    const stat = statSync(file);
    size = stat.size;
    mtime = Math.trunc(stat.mtimeMs);
  } catch {
    // The file may not exist at all; the row still records the attempt.
  }
  const id = imports.create({
    path: file,
    name: path.basename(file),
    size,
    mtime,
    format: 'unknown',
    encoding: 'unknown',
    bomLength: 0,
    now,
  });
  imports.finish(id, 'failed', now, error);
  return id;
}

function describeOpenError(error: unknown, file: string): string {
  if (error instanceof ExportFileError) return inFile(file, error.message);
  return describeReadError(error, file);
}

/** A sentence about a file that does not name it, prefixed with the file's name. */
function inFile(file: string, sentence: string): string {
  return `${path.basename(file)}: ${sentence}`;
}

function describeReadError(error: unknown, file: string): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `The file ${file} does not exist.`;
  if (code === 'EACCES' || code === 'EPERM')
    return `The file ${file} cannot be read: permission denied.`;
  if (code === 'EISDIR') return `${file} is a folder, not an export file.`;
  if (code === 'EIO') return `Reading ${file} failed at the disk.`;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY')
    return `Reading ${file} needed more memory than the importer allows; split the file into smaller ones and import them.`;
  if (typeof code === 'string' && code.startsWith('SQLITE')) throw error;
  if (typeof code !== 'string') {
    return `The import of ${file} stopped on an unexpected error; the details are in the log.`;
  }
  return `The file ${file} could not be read (${code}).`;
}
