/** One row per upload run, for the History screen and the report of what was uploaded when. */
import type { Database } from 'better-sqlite3';

export interface UploadRunRow {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  target: string;
  calls: number;
  uploaded: number;
  failed: number;
  state: string;
  note: string | null;
}

export class UploadRuns {
  constructor(private readonly db: Database) {}

  start(input: { now: number; target: string; baseUrl: string; clientId: string }): number {
    return Number(
      this.db
        .prepare(
          "INSERT INTO upload_runs (started_at, target, base_url, client_id, state) VALUES (?, ?, ?, ?, 'running')",
        )
        .run(input.now, input.target, input.baseUrl, input.clientId).lastInsertRowid,
    );
  }

  add(id: number, delta: { calls?: number; uploaded?: number; failed?: number }): void {
    this.db
      .prepare(
        'UPDATE upload_runs SET calls = calls + ?, uploaded = uploaded + ?, failed = failed + ? WHERE id = ?',
      )
      .run(delta.calls ?? 0, delta.uploaded ?? 0, delta.failed ?? 0, id);
  }

  finish(id: number, state: string, now: number, note: string | null): void {
    this.db
      .prepare('UPDATE upload_runs SET state = ?, finished_at = ?, note = ? WHERE id = ?')
      .run(state, now, note, id);
  }

  /** Runs a dead process left 'running'. */
  markInterrupted(now: number): void {
    this.db
      .prepare(
        "UPDATE upload_runs SET state = 'interrupted', finished_at = coalesce(finished_at, ?) WHERE state = 'running'",
      )
      .run(now);
  }

  list(limit = 200): UploadRunRow[] {
    return this.db
      .prepare(
        `SELECT id, started_at AS startedAt, finished_at AS finishedAt, target, calls, uploaded, failed, state, note
         FROM upload_runs ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as UploadRunRow[];
  }
}
