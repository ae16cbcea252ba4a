/** The `imports` table: one row per file import, with its counters and resume point. */
import type { Database } from 'better-sqlite3';

import type { ImportRecord } from '../../../shared/ipc/imports.js';

export type ImportState = 'running' | 'done' | 'cancelled' | 'failed';

export interface ImportRow {
  id: number;
  path: string;
  name: string;
  size: number;
  mtime: number;
  format: string;
  encoding: string;
  bom_length: number;
  state: ImportState;
  started_at: number;
  finished_at: number | null;
  records: number;
  stored: number;
  valid: number;
  invalid: number;
  unsupported: number;
  excluded: number;
  duplicates: number;
  conflicts: number;
  warnings: number;
  resume_offset: number;
  resume_line: number;
  offsets_exact: number;
  error: string | null;
}

export interface ImportCounters {
  records: number;
  stored: number;
  valid: number;
  invalid: number;
  unsupported: number;
  excluded: number;
  duplicates: number;
  conflicts: number;
  warnings: number;
}

export function emptyCounters(): ImportCounters {
  return {
    records: 0,
    stored: 0,
    valid: 0,
    invalid: 0,
    unsupported: 0,
    excluded: 0,
    duplicates: 0,
    conflicts: 0,
    warnings: 0,
  };
}

export function addCounters(into: ImportCounters, from: ImportCounters): void {
  for (const key of Object.keys(into) as (keyof ImportCounters)[]) into[key] += from[key];
}

export class ImportsRepo {
  constructor(private readonly db: Database) {}

  create(input: {
    path: string;
    name: string;
    size: number;
    mtime: number;
    format: string;
    encoding: string;
    bomLength: number;
    now: number;
  }): number {
    const result = this.db
      .prepare(
        `INSERT INTO imports (path, name, size, mtime, format, encoding, bom_length, state, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?)`,
      )
      .run(
        input.path,
        input.name,
        input.size,
        input.mtime,
        input.format,
        input.encoding,
        input.bomLength,
        input.now,
      );
    return Number(result.lastInsertRowid);
  }

  get(id: number): ImportRow | undefined {
    return this.db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
  }

  /** An unfinished import of the same file (same path, size and modification time). */
  findResumable(path: string, size: number, mtime: number): ImportRow | undefined {
    return this.db
      .prepare(
        `SELECT * FROM imports WHERE path = ? AND size = ? AND mtime = ? AND state IN ('running', 'cancelled')
         ORDER BY id DESC LIMIT 1`,
      )
      .get(path, size, mtime) as ImportRow | undefined;
  }

  /** Imports left 'running' by a process that died: they can be resumed. */
  markInterrupted(): number {
    return this.db
      .prepare(
        "UPDATE imports SET state = 'cancelled', error = 'interrupted' WHERE state = 'running'",
      )
      .run().changes;
  }

  reopen(id: number, encoding: string): void {
    this.db
      .prepare(
        "UPDATE imports SET state = 'running', error = NULL, finished_at = NULL, encoding = ? WHERE id = ?",
      )
      .run(encoding, id);
  }

  /**
   * Adds a transaction's counters and moves the resume point; call inside that transaction.
   * Offsets, once found inexact, stay so: a resumed import must not seek by them.
   */
  advance(
    id: number,
    counters: ImportCounters,
    resume: { resumeOffset: number; resumeLine: number; offsetsExact: boolean },
  ): void {
    this.db
      .prepare(
        `UPDATE imports SET records = records + ?, stored = stored + ?, valid = valid + ?, invalid = invalid + ?,
           unsupported = unsupported + ?, excluded = excluded + ?, duplicates = duplicates + ?,
           conflicts = conflicts + ?, warnings = warnings + ?, resume_offset = ?, resume_line = ?,
           offsets_exact = min(offsets_exact, ?)
         WHERE id = ?`,
      )
      .run(
        counters.records,
        counters.stored,
        counters.valid,
        counters.invalid,
        counters.unsupported,
        counters.excluded,
        counters.duplicates,
        counters.conflicts,
        counters.warnings,
        resume.resumeOffset,
        resume.resumeLine,
        Number(resume.offsetsExact),
        id,
      );
  }

  finish(
    id: number,
    state: Exclude<ImportState, 'running'>,
    now: number,
    error: string | null,
    extra: { encoding?: string; offsetsExact?: boolean } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE imports SET state = ?, finished_at = ?, error = ?, encoding = coalesce(?, encoding),
           offsets_exact = min(offsets_exact, coalesce(?, offsets_exact)) WHERE id = ?`,
      )
      .run(
        state,
        now,
        error,
        extra.encoding ?? null,
        extra.offsetsExact === undefined ? null : Number(extra.offsetsExact),
        id,
      );
  }

  list(offset: number, limit: number): ImportRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM imports ORDER BY id DESC LIMIT ? OFFSET ?')
      .all(limit, offset) as ImportRow[];
    return rows.map(toImportRecord);
  }
}

export function toImportRecord(row: ImportRow): ImportRecord {
  return {
    importId: row.id,
    file: row.path,
    bytes: row.size,
    format: row.format,
    encoding: row.encoding,
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    records: row.records,
    stored: row.stored,
    duplicates: row.duplicates,
    invalid: row.invalid,
    error: row.error,
  };
}
