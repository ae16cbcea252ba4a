/**
 * Stores full of messages for the upload tests: WeCom export lines written to a file and
 * brought in through the real importer, so that every payload is exactly what an operator's
 * import would queue.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Database } from 'better-sqlite3';

import { importFile } from '../../electron/core/importer/import-file.js';
import { openDatabase } from '../../electron/core/store/database.js';

/** The largest value of WeCom's unsigned 64-bit `seq`: JSON.parse would round it. */
export const UINT64_MAX = '18446744073709551615';

/** 2024-03-01 00:00:00 UTC: the archives under test start here. */
export const ARCHIVE_START = Date.UTC(2024, 2, 1);

export interface ExportMessage {
  msgid: string;
  msgtime: number;
  /** The line as it stands in the export file. */
  line: string;
}

/**
 * `count` text messages a second apart from `start`, one of them (the `bigSeqAt`-th) with a
 * `seq` above 2^53 so that digit-exact delivery is checked on every run.
 */
export function textExport(
  count: number,
  options: { prefix?: string; start?: number; bigSeqAt?: number; contentBytes?: number } = {},
): ExportMessage[] {
  const prefix = options.prefix ?? 'msg';
  const start = options.start ?? ARCHIVE_START;
  const filler = 'x'.repeat(options.contentBytes ?? 0);
  const bigSeqAt = options.bigSeqAt ?? Math.floor(count / 2);
  return Array.from({ length: count }, (_, index) => {
    const msgid = `${prefix}-${String(index).padStart(7, '0')}`;
    const msgtime = start + index * 1000;
    const seq = index === bigSeqAt ? UINT64_MAX : String(index + 1);
    // Written by hand rather than JSON.stringify so that the big seq is a bare number.
    const line =
      `{"msgid":"${msgid}","action":"send","from":"employee${index % 7}","tolist":["customer${index % 11}"],` +
      `"roomid":"","msgtime":${msgtime},"msgtype":"text","seq":${seq},` +
      `"text":{"content":"第 ${index} 条消息 ${filler}"}}`;
    return { msgid, msgtime, line };
  });
}

/** A temporary folder that the returned function removes. */
export function tempFolder(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeExport(file: string, messages: readonly ExportMessage[]): void {
  writeFileSync(file, `${messages.map((message) => message.line).join('\n')}\n`);
}

/** Writes the messages to an export file in `dir` and imports them into a new store there. */
export async function storeWith(
  dir: string,
  messages: readonly ExportMessage[],
  options: { cutoff?: number | null; name?: string } = {},
): Promise<{ db: Database; dbPath: string }> {
  const name = options.name ?? 'archive';
  const dbPath = path.join(dir, `${name}.db`);
  const exportPath = path.join(dir, `${name}.jsonl`);
  writeExport(exportPath, messages);
  const db = openDatabase(dbPath);
  const result = await importFile({ db, file: exportPath, cutoff: options.cutoff ?? null });
  if (result.state !== 'done' || result.error)
    throw new Error(`The test export did not import: ${result.error ?? result.state}`);
  return { db, dbPath };
}

export interface MessageRecord {
  msgid: string;
  msgtime: number;
  status: string;
  attempts: number;
  last_error: string | null;
  batch_id: number | null;
  payload: string;
}

export function messageRecords(db: Database): MessageRecord[] {
  return db
    .prepare(
      'SELECT msgid, msgtime, status, attempts, last_error, batch_id, payload FROM messages ORDER BY id',
    )
    .all() as MessageRecord[];
}

export function statusCounts(db: Database): Record<string, number> {
  const rows = db.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status').all() as {
    status: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/**
 * The most events that fall in any window of `windowMs` (an event `windowMs` after another
 * is in the next window), for checking arrival logs against a rate limit.
 */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while (sorted[last]! - sorted[first]! >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
