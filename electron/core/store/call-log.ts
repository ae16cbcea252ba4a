/** When each upload call left, kept in the store for the rate limiter. */
import type { Database, Statement } from 'better-sqlite3';

export class CallLog {
  private readonly insert: Statement;
  private readonly selectSince: Statement;
  private readonly countSinceStatement: Statement;
  private readonly prune: Statement;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO call_log (at) VALUES (?)');
    this.selectSince = db.prepare('SELECT at FROM call_log WHERE at > ? ORDER BY at').pluck();
    this.countSinceStatement = db.prepare('SELECT count(*) FROM call_log WHERE at > ?').pluck();
    this.prune = db.prepare('DELETE FROM call_log WHERE at <= ?');
  }

  /** Call inside the transaction that marks the batch as sending. */
  record(at: number): void {
    this.insert.run(at);
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

  get database(): Database {
    return this.db;
  }
}
