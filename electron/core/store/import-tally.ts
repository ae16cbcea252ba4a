/**
 * Counts what a batch of an import stored, by hour and by type and status, and adds them to
 * the import's tallies in the same transaction (migration 2). Summaries read the tallies
 * instead of scanning the messages.
 */
import type { Database } from 'better-sqlite3';

const HOUR_MS = 3_600_000;

export class ImportTally {
  private readonly hours = new Map<number, number>();
  private readonly types = new Map<string, number>();
  private first: number | null = null;
  private last: number | null = null;

  add(msgtype: string, status: string, msgtime: number): void {
    const key = `${msgtype}\u0000${status}`;
    this.types.set(key, (this.types.get(key) ?? 0) + 1);
    // A msgtime of 0 means the time is unknown: it belongs to no hour.
    if (msgtime <= 0) return;
    const hour = Math.floor(msgtime / HOUR_MS);
    this.hours.set(hour, (this.hours.get(hour) ?? 0) + 1);
    if (this.first === null || msgtime < this.first) this.first = msgtime;
    if (this.last === null || msgtime > this.last) this.last = msgtime;
  }

  /** Call inside the batch's transaction. */
  save(db: Database, importId: number): void {
    if (this.types.size === 0) return;
    const addHour = db.prepare(
      'INSERT INTO import_hours (import_id, hour, n) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    for (const [hour, n] of this.hours) addHour.run(importId, hour, n);
    const addType = db.prepare(
      'INSERT INTO import_types (import_id, msgtype, status, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n',
    );
    for (const [key, n] of this.types) {
      const [msgtype, status] = key.split('\u0000') as [string, string];
      addType.run(importId, msgtype, status, n);
    }
    if (this.first !== null && this.last !== null) {
      db.prepare(
        `UPDATE imports SET first_msgtime = min(coalesce(first_msgtime, @first), @first),
           last_msgtime = max(coalesce(last_msgtime, @last), @last) WHERE id = @id`,
      ).run({ first: this.first, last: this.last, id: importId });
    }
  }
}
