/**
 * One measured import in a fresh process, so that its peak memory is its own. Prints one JSON
 * line: {"ms", "peakRssMb", "records"}.
 *
 * Modes:
 * - baseline: the bare minimum any importer must do — read the lines, JSON.parse each, insert
 *   the raw line into a one-table SQLite database in batched transactions;
 * - import: the app's import of the same file into a fresh store.
 */
import { closeSync, openSync, readSync, rmSync } from 'node:fs';

import BetterSqlite3 from 'better-sqlite3';

import { openDatabase } from '../../electron/core/store/database.js';
import { RECORDS_PER_TRANSACTION } from '../../electron/core/importer/import-file.js';
import { runImportJob } from '../../electron/core/jobs/import-job.js';

const [mode, file, dbPath] = process.argv.slice(2) as [string, string, string];
for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });

function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

async function baseline(): Promise<number> {
  const db = new BetterSqlite3(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE raw (line TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO raw (line) VALUES (?)');
  const flush = db.transaction((lines: string[]) => {
    for (const line of lines) insert.run(line);
  });
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  let carry = '';
  let batch: string[] = [];
  let records = 0;
  for (;;) {
    const read = readSync(fd, buffer, 0, buffer.length, null);
    if (read === 0) break;
    const text = carry + buffer.toString('utf8', 0, read);
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const line = text.slice(start, newline);
      if (line.length > 1) {
        JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line);
        batch.push(line);
        records += 1;
        if (batch.length === RECORDS_PER_TRANSACTION) {
          flush(batch);
          batch = [];
        }
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    carry = text.slice(start);
  }
  if (carry.length > 1) {
    JSON.parse(carry);
    batch.push(carry);
    records += 1;
  }
  flush(batch);
  closeSync(fd);
  db.close();
  return records;
}

/** The import exactly as the app and the CLI run it: a job with its own store connection. */
async function appImport(): Promise<number> {
  openDatabase(dbPath).close();
  const [outcome] = await runImportJob(
    { kind: 'import', jobId: 'bench', dbPath, files: [file], cutoff: null },
    () => {},
    new AbortController().signal,
  );
  if (!outcome || outcome.state !== 'done') throw new Error(outcome?.error ?? 'import failed');
  return outcome.counters.records;
}

const started = performance.now();
const records = mode === 'baseline' ? await baseline() : await appImport();
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, peakRssMb: peakRssMb(), records })}\n`);
