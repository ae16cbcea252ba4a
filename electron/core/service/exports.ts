/**
 * Writes messages (JSON Lines in the upload shape, or CSV for people) and the upload report.
 * Streams page by page, so exporting a million messages needs no more memory than one page.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

import type { Database } from 'better-sqlite3';

import type { MessageFilter } from '../../../shared/ipc/messages.js';
import { filterSql } from '../store/message-filter-sql.js';
import { previewOf } from '../store/message-browser.js';
import { UploadQueue } from '../store/upload-queue.js';
import { UploadRuns } from '../store/upload-runs.js';
import { csvRow } from './csv.js';

const PAGE = 2000;

/**
 * Writes to a temporary file first, so that a failed export never leaves half a file. The
 * temporary name is new and created exclusively: a file or link planted under a predictable
 * name cannot redirect the export elsewhere.
 */
function withFile(path: string, write: (append: (text: string) => void) => void): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.part`;
  const fd = openSync(temporary, 'wx');
  try {
    write((text) => {
      writeSync(fd, text);
    });
    closeSync(fd);
    renameSync(temporary, path);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
}

const CSV_HEADER = [
  'msgid',
  'time',
  'msgtype',
  'sender',
  'room',
  'status',
  'attempts',
  'last_error',
  'preview',
];

export function exportMessages(
  db: Database,
  filter: MessageFilter,
  format: 'jsonl' | 'csv',
  path: string,
): number {
  const sql = filterSql(filter);
  let count = 0;
  withFile(path, (append) => {
    if (format === 'csv') append(`\uFEFF${csvRow(CSV_HEADER)}`);
    if (sql.empty) return;
    const where = sql.where
      ? `${sql.where} AND ${sql.orderColumn} > ?`
      : `WHERE ${sql.orderColumn} > ?`;
    const statement = db.prepare(
      `SELECT m.id, m.msgid, m.msgtime, m.msgtype, m.sender, m.room, m.status, m.attempts, m.last_error, m.payload
       FROM ${sql.from} ${where} ORDER BY ${sql.orderColumn} LIMIT ${PAGE}`,
    );
    let after = -1;
    for (;;) {
      const rows = statement.all(...sql.params, after) as {
        id: number;
        msgid: string;
        msgtime: number;
        msgtype: string;
        sender: string;
        room: string;
        status: string;
        attempts: number;
        last_error: string | null;
        payload: string;
      }[];
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) {
        chunk +=
          format === 'jsonl'
            ? `${row.payload}\n`
            : csvRow([
                row.msgid,
                new Date(row.msgtime).toISOString(),
                row.msgtype,
                row.sender,
                row.room,
                row.status,
                row.attempts,
                row.last_error,
                previewOf(row.payload),
              ]);
      }
      append(chunk);
      count += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  });
  return count;
}

/** What was uploaded when: every batch with its run, times, size, reply and failures. */
export function exportReport(db: Database, format: 'csv' | 'json', path: string): number {
  const runs = new UploadRuns(db).list(10_000);
  const queue = new UploadQueue(db);
  const batches = queue.batches(0, 1_000_000);
  withFile(path, (append) => {
    if (format === 'json') {
      append(JSON.stringify({ generatedAt: new Date().toISOString(), runs, batches }, null, 2));
      return;
    }
    append(
      `\uFEFF${csvRow(['batch', 'run', 'sent_at', 'finished_at', 'messages', 'bytes', 'state', 'code', 'msg', 'failed_ids', 'attempt'])}`,
    );
    for (const batch of [...batches].reverse()) {
      append(
        csvRow([
          batch.id,
          batch.runId,
          batch.sentAt === null ? '' : new Date(batch.sentAt).toISOString(),
          batch.finishedAt === null ? '' : new Date(batch.finishedAt).toISOString(),
          batch.size,
          batch.bytes,
          batch.state,
          batch.code,
          batch.msg,
          batch.failIds.join(' '),
          batch.attempt,
        ]),
      );
    }
  });
  return batches.length;
}
