/**
 * The CPU-heavy half of an import: read the file and turn each record into what the store
 * keeps (parse, normalize, validate, search tokens). Runs in a parse worker when one is
 * available, so that it overlaps with the store's writing, or inline otherwise.
 */
import type { ExportReader } from '../reader/export-reader.js';
import type { FileProblem } from '../reader/raw-record.js';
import type { WriteItem } from '../store/message-writer.js';
import { processRecord } from './process-record.js';

export interface BatchPlan {
  /** Seek here first (JSON Lines whose offsets are exact). */
  resumeAt?: { offset: number; line: number };
  /** Drop records and problems that start before this offset: an earlier run stored them. */
  skipBefore: number;
  batchSize: number;
  chunkBytes?: number;
}

export interface PreparedBatch {
  items: WriteItem[];
  problems: FileProblem[];
  warnings: FileProblem[];
  bytesRead: number;
  /** True while record offsets equal offsets in the file (see offsetsExact). */
  offsetsExact: boolean;
  /** A GetChatData entry that is still encrypted was met: the file must be refused. */
  encrypted: boolean;
}

/** Bytes of the batch's records in the file. */
export function recordBytes(batch: PreparedBatch): number {
  let bytes = 0;
  for (const item of batch.items) bytes += item.length;
  return bytes;
}

/** True while the UTF-8 offsets of records equal offsets in the file (after its BOM). */
export function offsetsExact(reader: ExportReader): boolean {
  const notes = reader.decodeNotes;
  return (
    reader.encoding === 'utf8' &&
    notes.firstInvalidByte === null &&
    notes.switchedToGb18030 === null
  );
}

export function* preparedBatches(reader: ExportReader, plan: BatchPlan): Generator<PreparedBatch> {
  for (const batch of reader.batches({
    ...(plan.resumeAt ? { resumeAt: plan.resumeAt } : {}),
    batchSize: plan.batchSize,
    ...(plan.chunkBytes ? { chunkBytes: plan.chunkBytes } : {}),
  })) {
    const items: WriteItem[] = [];
    let encrypted = false;
    for (const record of batch.records) {
      if (record.offset < plan.skipBefore) continue;
      const outcomes = processRecord(record.text, record.line);
      if (outcomes.some((outcome) => outcome.kind === 'encrypted')) {
        encrypted = true;
        break;
      }
      items.push({ line: record.line, offset: record.offset, length: record.length, outcomes });
    }
    yield {
      items,
      problems: batch.problems.filter(
        (problem) => problem.fatal || problem.offset >= plan.skipBefore,
      ),
      warnings: batch.warnings,
      bytesRead: batch.bytesRead,
      offsetsExact: offsetsExact(reader),
      encrypted,
    };
    if (encrypted) return;
  }
}
