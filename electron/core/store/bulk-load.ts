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

/**
 * During a bulk load the write-ahead log may grow to this many pages (64 MB at 16 KB) before
 * it is copied into the store: index pages changed by many batches are copied once instead of
 * once per batch.
 */
const BULK_WAL_PAGES = 4096;
const NORMAL_WAL_PAGES = 1000;

/** Sorting a million keys for an index fits in memory with this much cache. */
const INDEX_BUILD_CACHE_KIB = 64 * 1024;

export function beginBulkLoad(db: Database): void {
  db.transaction(() => {
    dropCountTriggers(db);
    dropSecondaryIndexes(db);
  }).immediate();
  db.pragma(`wal_autocheckpoint = ${BULK_WAL_PAGES}`);
}

export function endBulkLoad(db: Database): void {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = -${INDEX_BUILD_CACHE_KIB}`);
  try {
    db.transaction(() => {
      createSecondaryIndexes(db);
      createCountTriggers(db);
      recountMessages(db);
    }).immediate();
  } finally {
    db.pragma(`cache_size = ${cache}`);
    db.pragma(`wal_autocheckpoint = ${NORMAL_WAL_PAGES}`);
  }
}
