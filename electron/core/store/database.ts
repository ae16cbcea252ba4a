/**
 * Opens the store: one SQLite file per workspace, in WAL mode so that the window can read
 * while an import or upload writes, with the schema brought up to date on open.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import BetterSqlite3, { type Database } from 'better-sqlite3';

import { createLogger } from '../logging/logger.js';
import {
  COUNT_TRIGGERS,
  createCountTriggers,
  createSecondaryIndexes,
  MIGRATIONS,
  recountMessages,
  SECONDARY_INDEXES,
} from './migrations.js';
import { describeStoreError, StoreError } from './store-errors.js';

const log = createLogger('store');

/** Wait this long for another connection's write to finish before giving up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * 16 KB pages hold about fifty messages each: a bulk import writes less than half the pages
 * (and the search index far fewer) than with SQLite's 4 KB default, which was measured to
 * make imports 1.5 to 2 times slower. Only takes effect when the store is created.
 */
const PAGE_SIZE = 16 * 1024;

/** 64 MB of page cache: the hot parts of a million-message store's indexes fit. */
const CACHE_KIB = 64 * 1024;

export interface OpenOptions {
  readonly?: boolean;
  /** Path of a better-sqlite3 addon built for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Skip migrations and repairs: a second connection of a process that already did them. */
  attach?: boolean;
  /** Page cache in KiB (default CACHE_KIB). */
  cacheKib?: number;
}

export function openDatabase(dbPath: string, options: OpenOptions = {}): Database {
  let db: Database;
  try {
    if (!options.readonly && dbPath !== ':memory:')
      mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
    db = new BetterSqlite3(dbPath, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw describeStoreError(error, dbPath);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!options.readonly) db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma(`cache_size = -${options.cacheKib ?? CACHE_KIB}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses no committed transaction on a process crash, only possibly
      // the last ones on a power cut; the store never becomes inconsistent either way.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('temp_store = MEMORY');
    if (!options.readonly && !options.attach) {
      migrate(db);
      repairAfterBulkLoad(db);
    }
    return db;
  } catch (error) {
    db.close();
    throw describeStoreError(error, dbPath);
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database): void {
  const current = schemaVersion(db);
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) {
    throw new StoreError(
      'TOO_NEW',
      `This store was written by a newer version of the app (schema ${current}); update the app to open it.`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    log.info('migrated store', { version: migration.version, name: migration.name });
  }
}

/**
 * A bulk import drops the browsing indexes and count triggers and restores them at its end.
 * If the process died in between, restore them now.
 */
function repairAfterBulkLoad(db: Database): void {
  const existing = new Set(
    db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
      .pluck()
      .all() as string[],
  );
  const missingIndexes = Object.keys(SECONDARY_INDEXES).filter((name) => !existing.has(name));
  const missingTriggers = COUNT_TRIGGERS.filter((name) => !existing.has(name));
  if (missingIndexes.length === 0 && missingTriggers.length === 0) return;
  log.warn('restoring indexes after an interrupted import', { missingIndexes, missingTriggers });
  db.transaction(() => {
    createSecondaryIndexes(db);
    if (missingTriggers.length) {
      createCountTriggers(db);
      recountMessages(db);
    }
  }).immediate();
}
