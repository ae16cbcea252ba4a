/**
 * Makes sure one process at a time works on a store. Two writers on one store would interleave
 * upload batches and break the rate limit, so the second one is told plainly and stops.
 *
 * The lock is a small SQLite file beside the store, held in exclusive locking mode for the
 * life of the owning process. SQLite's file locks are the operating system's, on every
 * platform, and vanish with the process, so a crash never leaves a stale lock behind.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

import BetterSqlite3, { type Database } from 'better-sqlite3';

import { describeStoreError, StoreError } from './store-errors.js';

export interface StoreLock {
  release(): void;
}

/**
 * The lock sits beside the store's real file: two names for one store (a symlink, a relative
 * and an absolute path) must meet at the same lock.
 */
export function lockPathFor(dbPath: string): string {
  const absolute = path.resolve(dbPath);
  let real = absolute;
  try {
    real = existsSync(absolute)
      ? realpathSync(absolute)
      : path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    // The folder does not exist yet; opening the store will say so.
  }
  return `${real}.lock`;
}

export function acquireStoreLock(
  dbPath: string,
  options: { nativeBinding?: string } = {},
): StoreLock {
  if (dbPath === ':memory:') return { release() {} };
  const lockPath = lockPathFor(dbPath);
  let db: Database;
  try {
    db = new BetterSqlite3(
      lockPath,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    );
  } catch (error) {
    // The lock sits beside the store, so whatever keeps it from opening keeps the store too.
    throw describeStoreError(error, dbPath);
  }
  try {
    // Fail at once instead of waiting: the other process may run for hours.
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER)');
    db.exec('BEGIN EXCLUSIVE');
    db.prepare('DELETE FROM holder').run();
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    // A lock file left from before in a folder that became read-only opens read-only.
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
      throw describeStoreError(error, dbPath);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new StoreError(
        'STORE_IN_USE',
        `The store ${dbPath} is in use by another copy of the app or the command line. Close that one first, or use another store.`,
      );
    }
    throw new StoreError(
      'LOCK_UNAVAILABLE',
      `The store's lock file (${lockPath}) cannot be used (${code}).`,
      { cause: error },
    );
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
