/**
 * Upload calls, kept in the store for the rate limiter. A call is logged when it leaves and
 * its time moved to when its reply came: the server counts a call on arrival, which lies
 * somewhere between the two however long the request travelled, so a window measured from
 * the later moment can never hold more calls than the server's.
 */
import type { Database, Statement } from 'better-sqlite3';

export class CallLog {
  private readonly insert: Statement;
  private readonly selectSince: Statement;
  private readonly countSinceStatement: Statement;
  private readonly prune: Statement;
  private readonly complete: Statement;
  private readonly completeLatest: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO call_log (at) VALUES (?)');
    this.selectSince = db.prepare('SELECT at FROM call_log WHERE at > ? ORDER BY at').pluck();
    this.countSinceStatement = db.prepare('SELECT count(*) FROM call_log WHERE at > ?').pluck();
    this.prune = db.prepare('DELETE FROM call_log WHERE at <= ?');
    this.complete = db.prepare('UPDATE call_log SET at = max(at, ?) WHERE rowid = ?');
    this.completeLatest = db.prepare(
      'UPDATE call_log SET at = max(at, ?) WHERE rowid = (SELECT max(rowid) FROM call_log)',
    );
  }

  /** Call inside the transaction that marks the batch as sending; returns the call's id. */
  record(at: number): number {
    return Number(this.insert.run(at).lastInsertRowid);
  }

  /** The call's reply (or the end of waiting for one) came at `at`. */
  completed(callId: number, at: number): void {
    this.complete.run(at, callId);
  }

  /**
   * After a crash the last call's reply never came; it arrived, if at all, before the process
   * died, so now is a safe upper bound. Calls are made one at a time, so it is the latest.
   */
  completedLatest(at: number): void {
    this.completeLatest.run(at);
  }

  since(after: number): number[] {
    return this.selectSince.all(after) as number[];
  }

  countSince(after: number): number {
    return this.countSinceStatement.get(after) as number;
  }

  pruneBefore(at: number): void {
    this.prune.run(at);
  }
}
