/**
 * What the reliability suites check after importing a bad file: that the store is whole, that
 * an earlier good import is still there unchanged, and that every problem is located and said
 * in a sentence. Each check returns what is wrong as text, so that a test can show every
 * defect at once, next to the input that caused it.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Database } from 'better-sqlite3';

import { importFile } from '../../electron/core/importer/import-file.js';
import { openDatabase } from '../../electron/core/store/database.js';
import type { ImportRow } from '../../electron/core/store/imports-repo.js';
import { FIXTURE_PATH } from './export-mutations.js';

/** A message as the store keeps it, without the key (which depends on what else is stored). */
export interface StoredMessage {
  msgid: string;
  import_id: number;
  line: number;
  src_offset: number;
  src_length: number;
  msgtime: number;
  msgtype: string;
  sender: string;
  room: string;
  status: string;
  problem_count: number;
  payload: string;
}

/** A problem as the CLI's `import --json` lists it, with its code for grouping. */
export interface LocatedProblem {
  file: string;
  line: number;
  msgid: string | null;
  path: string;
  message: string;
  severity: string;
  code: string;
}

export interface StoreWithFixtures {
  db: Database;
  dbPath: string;
  /** The copy of the fixtures that was imported first. */
  fixtureFile: string;
  fixtureImportId: number;
  /** The fixture messages as stored right after their import. */
  baseline: StoredMessage[];
}

/** A store in `dir` holding one good import of the fixtures, as an operator's store would. */
export async function storeWithFixtures(dir: string, name = 'store'): Promise<StoreWithFixtures> {
  const dbPath = path.join(dir, `${name}.db`);
  const fixtureFile = path.join(dir, `${name}-fixtures.jsonl`);
  copyFileSync(fileURLToPath(FIXTURE_PATH), fixtureFile);
  const db = openDatabase(dbPath);
  const result = await importFile({ db, file: fixtureFile, cutoff: null });
  if (result.state !== 'done' || result.error || result.importId === null)
    throw new Error(`The fixtures did not import: ${result.error ?? result.state}`);
  return {
    db,
    dbPath,
    fixtureFile,
    fixtureImportId: result.importId,
    baseline: messagesOfImport(db, result.importId),
  };
}

export function messagesOfImport(db: Database, importId: number): StoredMessage[] {
  return db
    .prepare(
      `SELECT msgid, import_id, line, src_offset, src_length, msgtime, msgtype, sender, room, status,
         problem_count, payload FROM messages WHERE import_id = ? ORDER BY msgid`,
    )
    .all(importId) as StoredMessage[];
}

/** The problems of one import as the CLI prints them: the file comes from the import. */
export function locatedProblems(db: Database, importId: number): LocatedProblem[] {
  return db
    .prepare(
      `SELECT i.path AS file, p.line, p.msgid, p.path, p.text AS message, p.severity, p.code
       FROM problems p JOIN imports i ON i.id = p.import_id WHERE p.import_id = ? ORDER BY p.id`,
    )
    .all(importId) as LocatedProblem[];
}

export function importRow(db: Database, importId: number): ImportRow {
  return db.prepare('SELECT * FROM imports WHERE id = ?').get(importId) as ImportRow;
}

/**
 * True for text an operator can read as a sentence: something said, ending with a full stop,
 * and no sign of a value that was never filled in.
 */
export function isSentence(text: unknown): boolean {
  return (
    typeof text === 'string' &&
    /\S/.test(text) &&
    text.trim().endsWith('.') &&
    !/\bundefined\b|\[object \w+\]|\bNaN\b|\$\{/.test(text)
  );
}

/**
 * What is wrong with the store as a whole: SQLite's own check, the search index's own check,
 * the per-type counts kept by triggers against the messages, every import's counters adding
 * up, and every stored problem having a line and a sentence. `quick` skips the slow page-level
 * check for use after every import of a long run.
 */
export function storeDefects(db: Database, options: { quick?: boolean } = {}): string[] {
  const defects: string[] = [];
  const rows = db.pragma(options.quick ? 'quick_check' : 'integrity_check') as Record<
    string,
    unknown
  >[];
  const check = rows.map((row) => Object.values(row)[0]).join('; ');
  if (check !== 'ok') defects.push(`SQLite finds the store damaged: ${check}`);
  try {
    db.prepare("INSERT INTO message_search (message_search) VALUES ('integrity-check')").run();
  } catch (error) {
    defects.push(`The search index is damaged: ${(error as Error).message}`);
  }

  const counted = db
    .prepare('SELECT msgtype, status, count(*) AS n FROM messages GROUP BY 1, 2 ORDER BY 1, 2')
    .all();
  const kept = db
    .prepare('SELECT msgtype, status, n FROM message_counts WHERE n > 0 ORDER BY 1, 2')
    .all();
  if (JSON.stringify(counted) !== JSON.stringify(kept))
    defects.push(`The kept counts ${JSON.stringify(kept)} differ from ${JSON.stringify(counted)}`);

  const imports = db.prepare('SELECT * FROM imports ORDER BY id').all() as ImportRow[];
  for (const row of imports) {
    const parts = row.valid + row.invalid + row.unsupported + row.duplicates + row.conflicts;
    if (row.records !== parts)
      defects.push(`Import ${row.id} counts ${row.records} records but ${parts} outcomes`);
  }
  const storedSum = imports.reduce((sum, row) => sum + row.stored, 0);
  const messageCount = db.prepare('SELECT count(*) FROM messages').pluck().get() as number;
  if (storedSum !== messageCount)
    defects.push(`Imports stored ${storedSum} messages but the store holds ${messageCount}`);

  const unlocated = db
    .prepare("SELECT line, code, text FROM problems WHERE line < 1 OR trim(text) = '' LIMIT 5")
    .all();
  if (unlocated.length)
    defects.push(`Problems without a line or a sentence: ${JSON.stringify(unlocated)}`);
  return defects;
}
