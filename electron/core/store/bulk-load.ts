/**
 * A large import into a small store runs without the browsing indexes and the count triggers,
 * and builds them once at the end: sorting a million keys in one pass is several times faster
 * than keeping four indexes and a count table up to date row by row. While it runs, other
 * connections still read correct data, only more slowly; if the process dies, the store
 * restores both when it is next opened (database.ts).
 */
import type { Database } from 'better-sqlite3';

import {
  createCountTriggers,
  createSecondaryIndexes,
  dropCountTriggers,
  dropSecondaryIndexes,
  recountMessages,
} from './migrations.js';

/** Below this many records, keeping indexes current costs too little to bother. */
export const BULK_MIN_RECORDS = 50_000;

/** A typical exported message takes about this many bytes of JSON. */
const BYTES_PER_RECORD = 300;

/** Records per transaction in a bulk load: fewer, larger commits. */
export const BULK_RECORDS_PER_TRANSACTION = 5_000;

export function shouldBulkLoad(db: Database, fileBytes: number): boolean {
  const estimate = fileBytes / BYTES_PER_RECORD;
  if (estimate < BULK_MIN_RECORDS) return false;
  const stored = db
    .prepare('SELECT coalesce(sum(n), 0) FROM message_counts')
    .pluck()
    .get() as number;
  return estimate >= stored;
}

export function beginBulkLoad(db: Database): void {
  db.transaction(() => {
    dropCountTriggers(db);
    dropSecondaryIndexes(db);
  }).immediate();
}

export function endBulkLoad(db: Database): void {
  db.transaction(() => {
    createSecondaryIndexes(db);
    createCountTriggers(db);
    recountMessages(db);
  }).immediate();
}
